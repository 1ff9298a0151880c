import type { ReactNode } from 'react';
import { CaseListPage } from './cases/CaseListPage';
import { CasePage } from './cases/CasePage';
import { NewCasePage } from './cases/NewCasePage';
import { TasksPage } from './tasks/TasksPage';
import { DashboardPage } from './pages/dashboard/DashboardPage';
import { DisposalFilePage } from './pages/disposal-audit/DisposalFilePage';
import { DisposalFilesPage } from './pages/disposal-audit/DisposalFilesPage';
import { ClaimPage } from './pages/district/ClaimPage';
import { DistrictDeskPage } from './pages/district/DistrictDeskPage';
import { WhatIfPage } from './pages/district/WhatIfPage';

export interface PageRoute {
  /** Below the signed-in frame, without the leading slash. */
  path: string;
  element: ReactNode;
}

/** The signed-in pages; a feature appends its routes. */
export const ROUTES: readonly PageRoute[] = [
  { path: 'tasks', element: <TasksPage /> },
  { path: 'cases', element: <CaseListPage /> },
  { path: 'cases/new', element: <NewCasePage /> },
  { path: 'cases/:caseNumber', element: <CasePage /> },
  // District desk, disposal audit and dashboard (console-desks).
  { path: 'district', element: <DistrictDeskPage /> },
  { path: 'district/claims/:id', element: <ClaimPage /> },
  { path: 'district/what-if', element: <WhatIfPage /> },
  { path: 'disposal-files', element: <DisposalFilesPage /> },
  { path: 'disposal-files/:caseNumber', element: <DisposalFilePage /> },
  { path: 'dashboard', element: <DashboardPage /> },
];
