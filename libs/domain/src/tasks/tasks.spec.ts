import { CASE_TRANSITIONS } from '../loan-case/loan-case.states';
import {
  CASE_STEP_TASKS,
  defaultTaskSlas,
  ORGANISATION_KINDS,
  rolesEscalatedTo,
  TASK_KINDS,
  taskSlaProblem,
  workItemSubjectType,
} from './tasks';

describe('task kinds and their limits', () => {
  it('has a default limit for every kind, at the organisation kinds that do it, within the bounds', () => {
    const defaults = defaultTaskSlas();
    for (const kind of Object.keys(TASK_KINDS))
      expect(defaults.some((d) => d.taskKind === kind)).toBe(true);
    expect(defaults).toContainEqual({
      organisationKind: 'COMPENSATION_FUND',
      taskKind: 'COMPENSATION_PAYMENT',
      workingDays: 10,
      dueSoonDays: 2,
    });
    for (const d of defaults) {
      expect(ORGANISATION_KINDS).toContain(d.organisationKind);
      expect(taskSlaProblem(d)).toBeNull();
    }
  });

  it('refuses limits outside 1..60, due-soon days not below the limit, and pairs no task has', () => {
    const base = {
      organisationKind: 'BANK',
      taskKind: 'VERIFY_IP',
      workingDays: 3,
      dueSoonDays: 1,
    };
    for (const bad of [
      { workingDays: 0 },
      { workingDays: 61 },
      { workingDays: 2.5 },
      { dueSoonDays: -1 },
      { dueSoonDays: 3 },
    ])
      expect(taskSlaProblem({ ...base, ...bad })?.code).toBe('TASK_SLA_INVALID');
    expect(taskSlaProblem({ ...base, workingDays: 60, dueSoonDays: 59 })).toBeNull();
    expect(taskSlaProblem({ ...base, organisationKind: 'INSURER' })?.code).toBe(
      'TASK_SLA_UNKNOWN_KIND',
    );
    expect(taskSlaProblem({ ...base, taskKind: 'NOT_A_TASK' })?.code).toBe('TASK_SLA_UNKNOWN_KIND');
  });

  it('takes each case step from a row of the case table that its role fires from that state', () => {
    for (const step of CASE_STEP_TASKS) {
      const rule = CASE_TRANSITIONS[step.event];
      expect(rule.from as readonly string[]).toContain(step.status);
      expect(rule.performers as readonly string[]).toContain(step.role);
    }
  });

  it('escalates a loan officer’s and a district reviewer’s late tasks to their supervisors only', () => {
    expect(rolesEscalatedTo('CREDIT_APPROVER')).toEqual(['LOAN_OFFICER']);
    expect(rolesEscalatedTo('DISTRICT_APPROVER')).toEqual(['DISTRICT_REVIEWER']);
    expect(rolesEscalatedTo('LOAN_OFFICER')).toEqual([]);
    expect(rolesEscalatedTo('ADMINISTRATOR')).toEqual([]);
  });

  it('maps work item kinds to the subject the console opens, WORK_ITEM for unknown kinds', () => {
    expect(workItemSubjectType('TRANSFER_REGISTRATION')).toBe('DISPOSAL');
    expect(workItemSubjectType('COLLATERAL_IMPAIRED')).toBe('ASSET');
    expect(workItemSubjectType('SOMETHING_NEW')).toBe('WORK_ITEM');
  });
});
