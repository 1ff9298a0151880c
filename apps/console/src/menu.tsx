import {
  AuditOutlined,
  BankOutlined,
  DashboardOutlined,
  ExperimentOutlined,
  FileAddOutlined,
  InboxOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { MessageKey } from './i18n';

export interface MenuEntry {
  path: string;
  label: MessageKey;
  icon: ReactNode;
  /** Roles that see the entry; every signed-in user when absent. */
  roles?: readonly string[];
}

/** The side menu, in order; a feature appends its entries. */
export const MENU: readonly MenuEntry[] = [
  { path: '/tasks', label: 'menu.tasks', icon: <InboxOutlined /> },
  { path: '/cases', label: 'menu.cases', icon: <UnorderedListOutlined /> },
  { path: '/cases/new', label: 'menu.newCase', icon: <FileAddOutlined />, roles: ['LOAN_OFFICER'] },
  // District desk, disposal audit and dashboard (console-desks).
  {
    path: '/district',
    label: 'menu.district',
    icon: <BankOutlined />,
    roles: ['DISTRICT_REVIEWER', 'DISTRICT_APPROVER'],
  },
  {
    path: '/district/what-if',
    label: 'menu.whatIf',
    icon: <ExperimentOutlined />,
    roles: ['DISTRICT_APPROVER'],
  },
  {
    path: '/disposal-files',
    label: 'menu.disposalFiles',
    icon: <AuditOutlined />,
    roles: ['ADMINISTRATOR'],
  },
  {
    path: '/dashboard',
    label: 'menu.dashboard',
    icon: <DashboardOutlined />,
    roles: [
      'LOAN_OFFICER',
      'CREDIT_APPROVER',
      'DISTRICT_REVIEWER',
      'DISTRICT_APPROVER',
      'ADMINISTRATOR',
    ],
  },
];
