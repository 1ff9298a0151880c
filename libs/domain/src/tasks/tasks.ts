/**
 * The work inbox (待办): the kinds of task waiting on someone, who does each, how many working
 * days each may take per kind of organisation, and to whom a late task is escalated. Tasks are
 * not stored: they are read from the state of the cases, claims, disposals, top-ups and open
 * work items; only their time limits (`task_sla`) are configuration.
 */
import type { CaseEvent, CaseStatus } from '../loan-case/loan-case.states';
import type { Role } from '../roles';

/** The kinds of organisation (the `organisation.kind` column) a time limit can be set for. */
export const ORGANISATION_KINDS = [
  'BANK',
  'VALUATION_FIRM',
  'REGISTRATION_OFFICE',
  'DISTRICT',
  'INSURER',
  'COMPENSATION_FUND',
  'EXCHANGE',
  'MUNICIPAL_IP_OFFICE',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** What a task is about: the console opens the subject's page. */
export const TASK_SUBJECT_TYPES = [
  'CASE',
  'SUBSIDY_CLAIM',
  'COMPENSATION_CLAIM',
  'DISPOSAL',
  'BUDGET_POOL',
  'TOP_UP',
  'ASSET',
  'COVENANT',
  'WORK_ITEM',
] as const;
export type TaskSubjectType = (typeof TASK_SUBJECT_TYPES)[number];

export interface TaskKindSpec {
  titleZh: string;
  titleEn: string;
  subjectType: TaskSubjectType;
  /** The kind of organisation that does it (whose time limit applies). */
  organisationKind: OrganisationKind;
  /** Default time limit in working days, and the days left from which it is due soon. */
  workingDays: number;
  dueSoonDays: number;
}

/**
 * Every kind of task, derived ones (from the state of a subject) and the work items raised
 * today. The limits are defaults the seed of `task_sla` takes; administrators change them.
 */
export const TASK_KINDS = {
  SUBMIT_APPLICATION: {
    titleZh: '提交贷款申请',
    titleEn: 'Submit the loan application',
    subjectType: 'CASE',
    organisationKind: 'BANK',
    workingDays: 5,
    dueSoonDays: 1,
  },
  VERIFY_IP: {
    titleZh: '核验知识产权',
    titleEn: 'Verify the pledged IP',
    subjectType: 'CASE',
    organisationKind: 'BANK',
    workingDays: 3,
    dueSoonDays: 1,
  },
  REQUEST_VALUATION: {
    titleZh: '委托评估',
    titleEn: 'Ask a valuation firm for a report',
    subjectType: 'CASE',
    organisationKind: 'BANK',
    workingDays: 3,
    dueSoonDays: 1,
  },
  VALUATION_REPORT: {
    titleZh: '提交评估报告',
    titleEn: 'Submit the valuation report',
    subjectType: 'CASE',
    organisationKind: 'VALUATION_FIRM',
    workingDays: 10,
    dueSoonDays: 2,
  },
  CREDIT_APPROVAL: {
    titleZh: '授信审批',
    titleEn: 'Approve the credit',
    subjectType: 'CASE',
    organisationKind: 'BANK',
    workingDays: 5,
    dueSoonDays: 1,
  },
  SIGN_CONTRACT: {
    titleZh: '签订借款及质押合同',
    titleEn: 'Record the signed loan and pledge contracts',
    subjectType: 'CASE',
    organisationKind: 'BANK',
    workingDays: 10,
    dueSoonDays: 2,
  },
  SUBMIT_REGISTRATION: {
    titleZh: '申请质押登记',
    titleEn: 'File the pledge registration',
    subjectType: 'CASE',
    organisationKind: 'BANK',
    workingDays: 5,
    dueSoonDays: 1,
  },
  REGISTRATION_DECISION: {
    titleZh: '审查质押登记申请',
    titleEn: 'Decide on the pledge registration',
    subjectType: 'CASE',
    organisationKind: 'REGISTRATION_OFFICE',
    workingDays: 5,
    dueSoonDays: 1,
  },
  DISBURSEMENT: {
    titleZh: '发放贷款',
    titleEn: 'Record the disbursement',
    subjectType: 'CASE',
    organisationKind: 'BANK',
    workingDays: 5,
    dueSoonDays: 1,
  },
  DEFAULT_CONFIRMATION: {
    titleZh: '确认违约认定',
    titleEn: 'Decide on the default proposal',
    subjectType: 'CASE',
    organisationKind: 'BANK',
    workingDays: 3,
    dueSoonDays: 1,
  },
  PREMIUM_CONFIRMATION: {
    titleZh: '确认保费',
    titleEn: 'Confirm the insurance premium',
    subjectType: 'SUBSIDY_CLAIM',
    organisationKind: 'INSURER',
    workingDays: 5,
    dueSoonDays: 1,
  },
  CLAIM_REVIEW: {
    titleZh: '审核补贴申请',
    titleEn: 'Review the subsidy claim',
    subjectType: 'SUBSIDY_CLAIM',
    organisationKind: 'DISTRICT',
    workingDays: 10,
    dueSoonDays: 2,
  },
  CLAIM_APPROVAL: {
    titleZh: '审批补贴申请',
    titleEn: 'Approve the subsidy claim',
    subjectType: 'SUBSIDY_CLAIM',
    organisationKind: 'DISTRICT',
    workingDays: 5,
    dueSoonDays: 1,
  },
  CLAIM_PAYMENT: {
    titleZh: '拨付补贴',
    titleEn: 'Pay the subsidy claim',
    subjectType: 'SUBSIDY_CLAIM',
    organisationKind: 'DISTRICT',
    workingDays: 5,
    dueSoonDays: 1,
  },
  COMPENSATION_CONFIRMATION: {
    titleZh: '确认保险理赔',
    titleEn: 'Confirm the insurance claim',
    subjectType: 'COMPENSATION_CLAIM',
    organisationKind: 'INSURER',
    workingDays: 15,
    dueSoonDays: 3,
  },
  COMPENSATION_REVIEW: {
    titleZh: '审核风险补偿申请',
    titleEn: 'Review the risk-compensation claim',
    subjectType: 'COMPENSATION_CLAIM',
    organisationKind: 'COMPENSATION_FUND',
    workingDays: 15,
    dueSoonDays: 3,
  },
  COMPENSATION_PAYMENT: {
    titleZh: '支付代偿款',
    titleEn: 'Pay the compensation claim',
    subjectType: 'COMPENSATION_CLAIM',
    organisationKind: 'INSURER',
    workingDays: 10,
    dueSoonDays: 2,
  },
  DISPOSAL_VALUATION: {
    titleZh: '提交处置评估报告',
    titleEn: 'Submit a refreshed valuation for the disposal',
    subjectType: 'DISPOSAL',
    organisationKind: 'VALUATION_FIRM',
    workingDays: 10,
    dueSoonDays: 2,
  },
  DISPOSAL_METHOD: {
    titleZh: '选择处置方式',
    titleEn: 'Choose how to sell the pledged IP',
    subjectType: 'DISPOSAL',
    organisationKind: 'BANK',
    workingDays: 5,
    dueSoonDays: 1,
  },
  ROUND_OPEN: {
    titleZh: '开启挂牌/拍卖轮次',
    titleEn: 'Open the next disposal round',
    subjectType: 'DISPOSAL',
    organisationKind: 'EXCHANGE',
    workingDays: 5,
    dueSoonDays: 1,
  },
  ROUND_CLOSE: {
    titleZh: '结束到期轮次',
    titleEn: 'Close the round that has ended',
    subjectType: 'DISPOSAL',
    organisationKind: 'EXCHANGE',
    workingDays: 1,
    dueSoonDays: 0,
  },
  SALE_COMPLETION: {
    titleZh: '完成转让',
    titleEn: 'Complete the agreed sale',
    subjectType: 'DISPOSAL',
    organisationKind: 'BANK',
    workingDays: 10,
    dueSoonDays: 2,
  },
  SALE_APPROVAL: {
    titleZh: '审批低于底价的转让',
    titleEn: 'Approve the sale below the floor',
    subjectType: 'DISPOSAL',
    organisationKind: 'MUNICIPAL_IP_OFFICE',
    workingDays: 5,
    dueSoonDays: 1,
  },
  WRITE_OFF_APPROVAL: {
    titleZh: '审批核销',
    titleEn: 'Approve the write-off',
    subjectType: 'DISPOSAL',
    organisationKind: 'MUNICIPAL_IP_OFFICE',
    workingDays: 5,
    dueSoonDays: 1,
  },
  TOP_UP_APPROVAL: {
    titleZh: '审批资金追加',
    titleEn: 'Approve the top-up',
    subjectType: 'TOP_UP',
    organisationKind: 'DISTRICT',
    workingDays: 5,
    dueSoonDays: 1,
  },
  TRANSFER_REGISTRATION: {
    titleZh: '登记质押物转让',
    titleEn: 'Register the transfer of the pledged asset',
    subjectType: 'DISPOSAL',
    organisationKind: 'REGISTRATION_OFFICE',
    workingDays: 5,
    dueSoonDays: 1,
  },
  FUND_BUDGET_POOL: {
    titleZh: '为预算池拨入资金',
    titleEn: 'Fund the budget pool',
    subjectType: 'BUDGET_POOL',
    organisationKind: 'DISTRICT',
    workingDays: 10,
    dueSoonDays: 2,
  },
} as const satisfies Record<string, TaskKindSpec>;

export type TaskKind = keyof typeof TASK_KINDS;
export const TASK_KIND_NAMES = Object.keys(TASK_KINDS) as TaskKind[];

export function isTaskKind(value: string): value is TaskKind {
  return Object.prototype.hasOwnProperty.call(TASK_KINDS, value);
}

/**
 * The same kinds done by another kind of organisation: a payment is the insurer's or the fund's,
 * a top-up the district's or the fund's. Each pair has its own time limit.
 */
export const TASK_KIND_ALSO_AT: Partial<Record<TaskKind, readonly OrganisationKind[]>> = {
  COMPENSATION_PAYMENT: ['COMPENSATION_FUND'],
  TOP_UP_APPROVAL: ['COMPENSATION_FUND'],
};

/** Every (organisation kind, task kind) pair that has a time limit, with its default. */
export function defaultTaskSlas(): TaskSla[] {
  return TASK_KIND_NAMES.flatMap((taskKind) => {
    const spec: TaskKindSpec = TASK_KINDS[taskKind];
    return [spec.organisationKind, ...(TASK_KIND_ALSO_AT[taskKind] ?? [])].map(
      (organisationKind) => ({
        organisationKind,
        taskKind,
        workingDays: spec.workingDays,
        dueSoonDays: spec.dueSoonDays,
      }),
    );
  });
}

/** A time limit: `workingDays` after the task began; due soon from `dueSoonDays` left. */
export interface TaskSla {
  organisationKind: string;
  taskKind: string;
  workingDays: number;
  dueSoonDays: number;
}

/** Limits an administrator may set: a task takes 1 to 60 working days. */
export const TASK_SLA_MIN_DAYS = 1;
export const TASK_SLA_MAX_DAYS = 60;

/**
 * The limit of a work item kind nobody configured (a kind another part of the engine raises):
 * shown with this limit rather than without a deadline, unless the item carries its own date.
 */
export const FALLBACK_TASK_SLA = { workingDays: 5, dueSoonDays: 1 } as const;

/**
 * Why a limit is refused, or null when it may be stored: the pair must be one the inbox knows,
 * the days a whole number in 1..60, the due-soon days a whole number from 0 to below the limit.
 */
export function taskSlaProblem(
  sla: TaskSla,
): { code: 'TASK_SLA_UNKNOWN_KIND' | 'TASK_SLA_INVALID'; message: string } | null {
  const known = defaultTaskSlas().some(
    (d) => d.organisationKind === sla.organisationKind && d.taskKind === sla.taskKind,
  );
  if (!known) {
    return {
      code: 'TASK_SLA_UNKNOWN_KIND',
      message: `No task ${sla.taskKind} is done by a ${sla.organisationKind}`,
    };
  }
  const whole = (n: number) => Number.isSafeInteger(n);
  if (
    !whole(sla.workingDays) ||
    sla.workingDays < TASK_SLA_MIN_DAYS ||
    sla.workingDays > TASK_SLA_MAX_DAYS
  ) {
    return {
      code: 'TASK_SLA_INVALID',
      message: `workingDays of ${sla.organisationKind}/${sla.taskKind} must be a whole number from ${TASK_SLA_MIN_DAYS} to ${TASK_SLA_MAX_DAYS}`,
    };
  }
  if (!whole(sla.dueSoonDays) || sla.dueSoonDays < 0 || sla.dueSoonDays >= sla.workingDays) {
    return {
      code: 'TASK_SLA_INVALID',
      message: `dueSoonDays of ${sla.organisationKind}/${sla.taskKind} must be a whole number from 0 to below workingDays`,
    };
  }
  return null;
}

/**
 * Who hears of a late task in the same organisation: the role that supervises the one it is
 * waiting on. Roles with no supervisor in their organisation (an evaluator, a clerk, an insurer,
 * the fund, the exchange, the administrators) are not escalated.
 */
export const ESCALATION_ROLE: Partial<Record<Role, Role>> = {
  LOAN_OFFICER: 'CREDIT_APPROVER',
  DISTRICT_REVIEWER: 'DISTRICT_APPROVER',
};

/** The roles whose late tasks are escalated to `role`. */
export function rolesEscalatedTo(role: Role): Role[] {
  return (Object.keys(ESCALATION_ROLE) as Role[]).filter((r) => ESCALATION_ROLE[r] === role);
}

/**
 * A task's SLA state on the business date: LATE after its deadline, DUE_SOON with at most its
 * due-soon days left, else ON_TIME (the inbox computes it in SQL, to filter and count by it).
 */
export const TASK_SLA_STATES = ['ON_TIME', 'DUE_SOON', 'LATE'] as const;
export type TaskSlaState = (typeof TASK_SLA_STATES)[number];

/** The subject type of a work item kind (WORK_ITEM for kinds the inbox does not know). */
export const WORK_ITEM_SUBJECT_TYPES: Readonly<Record<string, TaskSubjectType>> = {
  TRANSFER_REGISTRATION: 'DISPOSAL',
  FUND_BUDGET_POOL: 'BUDGET_POOL',
  COLLATERAL_FEE_DUE: 'ASSET',
  COLLATERAL_IMPAIRED: 'ASSET',
  REVALUATION_DUE: 'ASSET',
  COVENANT_DUE: 'COVENANT',
  COVENANT_BREACH: 'COVENANT',
};

export function workItemSubjectType(kind: string): TaskSubjectType {
  return WORK_ITEM_SUBJECT_TYPES[kind] ?? 'WORK_ITEM';
}

/**
 * The next step a case waits for in each state its bank moves it from, and who takes it: the
 * row of the case's transition table (`event`) and the performer it expects. A loan officer's
 * step waits on the case's owner; a credit approval on any approver but the preparer.
 */
export const CASE_STEP_TASKS = [
  { status: 'DRAFT', kind: 'SUBMIT_APPLICATION', event: 'SUBMIT', role: 'LOAN_OFFICER' },
  { status: 'SUBMITTED', kind: 'VERIFY_IP', event: 'VERIFY_IP', role: 'LOAN_OFFICER' },
  {
    status: 'VERIFIED',
    kind: 'REQUEST_VALUATION',
    event: 'REQUEST_VALUATION',
    role: 'LOAN_OFFICER',
  },
  { status: 'VALUED', kind: 'CREDIT_APPROVAL', event: 'APPROVE_CREDIT', role: 'CREDIT_APPROVER' },
  { status: 'APPROVED', kind: 'SIGN_CONTRACT', event: 'SIGN_CONTRACT', role: 'LOAN_OFFICER' },
  {
    status: 'CONTRACTED',
    kind: 'SUBMIT_REGISTRATION',
    event: 'SUBMIT_REGISTRATION',
    role: 'LOAN_OFFICER',
  },
  { status: 'REGISTERED', kind: 'DISBURSEMENT', event: 'DISBURSE', role: 'LOAN_OFFICER' },
] as const satisfies readonly {
  status: CaseStatus;
  kind: TaskKind;
  event: CaseEvent;
  role: Role;
}[];
