import type { ReactNode } from 'react';
import { TasksPage } from './tasks/TasksPage';

export interface PageRoute {
  /** Below the signed-in frame, without the leading slash. */
  path: string;
  element: ReactNode;
}

/** The signed-in pages; a feature appends its routes. */
export const ROUTES: readonly PageRoute[] = [{ path: 'tasks', element: <TasksPage /> }];
