import type { ReactNode } from 'react';
import { CaseListPage } from './cases/CaseListPage';
import { CasePage } from './cases/CasePage';
import { NewCasePage } from './cases/NewCasePage';
import { TasksPage } from './tasks/TasksPage';

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
];
