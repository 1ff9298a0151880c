import { appendOutboxEvent, type SqlRunner } from './outbox';

/** Something a role of an organisation has to do; the inbox lists the open ones. */
export interface WorkItemInput {
  /** What kind of work, e.g. TRANSFER_REGISTRATION, FUND_BUDGET_POOL, COLLATERAL_IMPAIRED. */
  kind: string;
  /** What it is about; one open item per (kind, subject). */
  subject: string;
  organisationId: string;
  role: string;
  createdOn: string;
  caseNumber?: string | null;
  /** The date it should be done by, when the work itself sets one (a fee deadline, a covenant). */
  dueOn?: string | null;
  /** Shown by the inbox: `titleZh`, `titleEn`, and `action: { method, path }` when one route does it. */
  detail?: WorkItemDetail;
}

export interface WorkItemDetail {
  titleZh?: string;
  titleEn?: string;
  action?: { method: 'GET' | 'POST'; path: string };
  [fact: string]: unknown;
}

/**
 * Raises a work item and, in the same transaction, its TASK_CREATED event; a second raise of an
 * item that exists (open or done) changes nothing. Returns whether it was new.
 */
export async function raiseWorkItem(db: SqlRunner, item: WorkItemInput): Promise<boolean> {
  const rows = (await db.query(
    `INSERT INTO work_item (kind, subject, organisation_id, role, created_on, case_number, due_on, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT ON CONSTRAINT work_item_once DO NOTHING
     RETURNING id`,
    [
      item.kind,
      item.subject,
      item.organisationId,
      item.role,
      item.createdOn,
      item.caseNumber ?? null,
      item.dueOn ?? null,
      JSON.stringify(item.detail ?? {}),
    ],
  )) as { id: string }[];
  const created = rows[0];
  if (!created) return false;
  await appendOutboxEvent(db, {
    eventKey: `TASK_CREATED:${created.id}`,
    eventType: 'TASK_CREATED',
    subject: item.subject,
    caseNumber: item.caseNumber ?? null,
    recipientOrgIds: [item.organisationId],
    payload: {
      kind: item.kind,
      role: item.role,
      dueOn: item.dueOn ?? null,
      ...(item.detail ?? {}),
    },
    businessDate: item.createdOn,
  });
  return true;
}

/** Marks an open work item done; returns whether one was open. */
export async function completeWorkItem(
  db: SqlRunner,
  kind: string,
  subject: string,
  doneOn: string,
  doneBy: string | null = null,
): Promise<boolean> {
  // Counted in a SELECT: an UPDATE's answer is [rows, count] through TypeORM but rows through pg.
  const rows = (await db.query(
    `WITH done AS (
       UPDATE work_item SET done_on = $3, done_by = $4
        WHERE kind = $1 AND subject = $2 AND done_on IS NULL
        RETURNING id)
     SELECT count(*)::int AS completed FROM done`,
    [kind, subject, doneOn, doneBy],
  )) as { completed: number }[];
  return (rows[0]?.completed ?? 0) > 0;
}
