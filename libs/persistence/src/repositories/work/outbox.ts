/** Anything that runs SQL: a DataSource, an EntityManager or a QueryRunner inside a transaction. */
export interface SqlRunner {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** An event of interest, written to the outbox in the transaction of the change it reports. */
export interface OutboxEvent {
  /** Unique per event: a retry of the same change appends nothing (e.g. `CASE_STEP:${caseNumber}:${seq}`). */
  eventKey: string;
  /** What happened, e.g. CASE_STEP, CLAIM_STEP, TASK_CREATED, TASK_LATE, COLLATERAL_CHANGED. */
  eventType: string;
  /** What it is about (a case number, a claim id, an asset id). */
  subject: string;
  caseNumber?: string | null;
  /** The organisations to tell; the delivery decides which users and channels. */
  recipientOrgIds: string[];
  payload?: Record<string, unknown>;
  businessDate: string;
}

/** Appends an event; returns false when an event with the same key was already there. */
export async function appendOutboxEvent(db: SqlRunner, event: OutboxEvent): Promise<boolean> {
  const rows = (await db.query(
    `INSERT INTO outbox_event (event_key, event_type, subject, case_number, recipient_org_ids, payload, business_date)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (event_key) DO NOTHING
     RETURNING id`,
    [
      event.eventKey,
      event.eventType,
      event.subject,
      event.caseNumber ?? null,
      event.recipientOrgIds,
      JSON.stringify(event.payload ?? {}),
      event.businessDate,
    ],
  )) as unknown[];
  return rows.length > 0;
}
