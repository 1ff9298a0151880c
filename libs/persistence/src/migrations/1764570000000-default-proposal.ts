import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Default proposals (maker-checker): a loan officer proposes, a credit approver decides. The
 * CHECKs make a self-decision, an undescribed OTHER reason or a decision without a date
 * impossible whatever the application does; the partial unique index allows one open proposal
 * per case. A proposal the automatic default overtakes closes as SUPERSEDED, with no decider.
 */
export class DefaultProposal1764570000000 implements MigrationInterface {
  name = 'DefaultProposal1764570000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE default_proposal (
        proposal_id      text PRIMARY KEY,
        case_number      text NOT NULL REFERENCES loan_case(case_number),
        seq              integer NOT NULL CHECK (seq > 0),
        proposed_by      text NOT NULL REFERENCES app_user(id),
        proposed_on      date NOT NULL,
        reason_code      text NOT NULL CHECK (reason_code IN ('INSOLVENCY_FILING','FRAUD',
                           'COLLATERAL_COURT_FREEZE','BORROWER_WRITTEN_NOTICE','OTHER','PAST_DUE')),
        reason_text      text,
        days_past_due    integer NOT NULL CHECK (days_past_due >= 0),
        status           text NOT NULL DEFAULT 'PENDING'
                           CHECK (status IN ('PENDING','CONFIRMED','REJECTED','SUPERSEDED')),
        decided_by       text REFERENCES app_user(id),
        decided_on       date,
        decision_reason  text,
        proposed_at      timestamptz NOT NULL DEFAULT now(),
        decided_at       timestamptz,
        UNIQUE (case_number, seq),
        CONSTRAINT default_proposal_decider_not_proposer
          CHECK (decided_by IS NULL OR decided_by <> proposed_by),
        CONSTRAINT default_proposal_other_described
          CHECK (reason_code <> 'OTHER' OR char_length(btrim(coalesce(reason_text, ''))) >= 20),
        CONSTRAINT default_proposal_decided_on
          CHECK ((status = 'PENDING') = (decided_on IS NULL)),
        CONSTRAINT default_proposal_decided_by_person
          CHECK (status NOT IN ('CONFIRMED','REJECTED') OR decided_by IS NOT NULL),
        CONSTRAINT default_proposal_rejection_reason
          CHECK (status <> 'REJECTED' OR char_length(btrim(coalesce(decision_reason, ''))) > 0)
      )`);
    await db.query(
      `CREATE UNIQUE INDEX default_proposal_one_open_per_case ON default_proposal (case_number) WHERE status = 'PENDING'`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE default_proposal`);
  }
}
