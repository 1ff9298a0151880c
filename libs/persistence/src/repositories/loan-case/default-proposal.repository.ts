import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A default proposal as the officer made it. */
export interface DefaultProposalRecord {
  proposalId: string;
  caseNumber: string;
  seq: number;
  proposedBy: string;
  proposedOn: string;
  reasonCode: string;
  reasonText: string | null;
  daysPastDue: number;
}

/** The decision on a proposal (SUPERSEDED: the automatic default overtook it, no decider). */
export interface DefaultProposalDecision {
  proposalId: string;
  caseNumber: string;
  status: 'CONFIRMED' | 'REJECTED' | 'SUPERSEDED';
  decidedBy: string | null;
  decidedOn: string;
  decisionReason: string | null;
}

export interface DefaultProposalRow extends DefaultProposalRecord {
  status: 'PENDING' | 'CONFIRMED' | 'REJECTED' | 'SUPERSEDED';
  decidedBy: string | null;
  decidedOn: string | null;
  decisionReason: string | null;
}

/** What writing a proposal or a decision came to; a constraint the database holds is a code. */
export type DefaultProposalWrite =
  | { ok: true }
  | { ok: false; code: 'DEFAULT_PROPOSAL_PENDING' | 'DEFAULT_NOT_PROPOSED' };

/**
 * The bank's default proposals, one row per proposal keyed by its id, so a retried activity
 * writes nothing twice. The table's CHECKs and its one-open-proposal index stand behind the
 * workflow's rules.
 */
@Injectable()
export class DefaultProposalRepository {
  constructor(private readonly db: DataSource) {}

  async propose(p: DefaultProposalRecord): Promise<DefaultProposalWrite> {
    try {
      await this.db.query(
        `INSERT INTO default_proposal (proposal_id, case_number, seq, proposed_by, proposed_on, reason_code, reason_text, days_past_due)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT (proposal_id) DO NOTHING`,
        [
          p.proposalId,
          p.caseNumber,
          p.seq,
          p.proposedBy,
          p.proposedOn,
          p.reasonCode,
          p.reasonText,
          p.daysPastDue,
        ],
      );
      return { ok: true };
    } catch (error) {
      const e = error as { code?: string; constraint?: string };
      if (e.code === '23505' && e.constraint === 'default_proposal_one_open_per_case')
        return { ok: false, code: 'DEFAULT_PROPOSAL_PENDING' };
      throw error;
    }
  }

  /** Closes the pending proposal; the same decision again is acknowledged. */
  async decide(d: DefaultProposalDecision): Promise<DefaultProposalWrite> {
    // TypeORM answers an UPDATE … RETURNING with [rows, affected count].
    const [rows]: [unknown[], number] = await this.db.query(
      `UPDATE default_proposal
          SET status = $2, decided_by = $3, decided_on = $4, decision_reason = $5, decided_at = now()
        WHERE proposal_id = $1 AND case_number = $6 AND status = 'PENDING'
        RETURNING proposal_id`,
      [d.proposalId, d.status, d.decidedBy, d.decidedOn, d.decisionReason, d.caseNumber],
    );
    if (rows.length > 0) return { ok: true };
    const [row] = await this.db.query(
      `SELECT status, decided_by AS "decidedBy" FROM default_proposal WHERE proposal_id = $1`,
      [d.proposalId],
    );
    return row && row.status === d.status && row.decidedBy === d.decidedBy
      ? { ok: true }
      : { ok: false, code: 'DEFAULT_NOT_PROPOSED' };
  }

  async ofCase(caseNumber: string): Promise<DefaultProposalRow[]> {
    return this.db.query(
      `SELECT proposal_id AS "proposalId", case_number AS "caseNumber", seq, proposed_by AS "proposedBy",
              to_char(proposed_on, 'YYYY-MM-DD') AS "proposedOn", reason_code AS "reasonCode",
              reason_text AS "reasonText", days_past_due AS "daysPastDue", status,
              decided_by AS "decidedBy", to_char(decided_on, 'YYYY-MM-DD') AS "decidedOn",
              decision_reason AS "decisionReason"
         FROM default_proposal WHERE case_number = $1 ORDER BY seq`,
      [caseNumber],
    );
  }
}
