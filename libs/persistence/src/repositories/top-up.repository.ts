import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** What a top-up adds to: a district's subsidy budget pool, or a compensation fund. */
export type TopUpTarget = 'BUDGET_POOL' | 'COMPENSATION_FUND';

export interface TopUpRow {
  id: string;
  target: TopUpTarget;
  /** `district/kind/year` of a pool, or a fund's code. */
  targetKey: string;
  organisationId: string;
  amountFen: bigint;
  /** The funding document's number (文号), unique per pool or fund. */
  reference: string;
  status: 'PROPOSED' | 'APPROVED' | 'REJECTED';
  proposedBy: string;
  proposedOn: string;
  decidedBy: string | null;
  decidedOn: string | null;
}

const COLUMNS = `id::text AS id, target, target_key AS "targetKey", organisation_id AS "organisationId",
  amount_fen::text AS "amountFen", reference, status, proposed_by AS "proposedBy",
  to_char(proposed_on, 'YYYY-MM-DD') AS "proposedOn", decided_by AS "decidedBy",
  to_char(decided_on, 'YYYY-MM-DD') AS "decidedOn"`;

function toRow(row: Record<string, unknown>): TopUpRow {
  return { ...(row as unknown as TopUpRow), amountFen: BigInt(row.amountFen as string) };
}

/** The pool's key in `top_up`. */
export function poolTargetKey(pool: { districtCode: string; kind: string; budgetYear: number }) {
  return `${pool.districtCode}/${pool.kind}/${pool.budgetYear}`;
}

/**
 * Top-up proposals. The table holds the rules a caller could forget: the amount's bounds, one
 * row per (target, 文号), and a decider other than the proposer.
 */
@Injectable()
export class TopUpRepository {
  constructor(private readonly db: DataSource) {}

  async find(id: string, manager: EntityManager = this.db.manager): Promise<TopUpRow | null> {
    if (!/^\d{1,18}$/.test(id)) return null;
    const rows: Record<string, unknown>[] = await manager.query(
      `SELECT ${COLUMNS} FROM top_up WHERE id = $1`,
      [id],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  async findByReference(
    target: TopUpTarget,
    targetKey: string,
    reference: string,
    manager: EntityManager = this.db.manager,
    forUpdate = false,
  ): Promise<TopUpRow | null> {
    const rows: Record<string, unknown>[] = await manager.query(
      `SELECT ${COLUMNS} FROM top_up WHERE target = $1 AND target_key = $2 AND reference = $3
        ${forUpdate ? 'FOR UPDATE' : ''}`,
      [target, targetKey, reference],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  /**
   * Stores a proposal; an existing row with the same 文号 comes back instead (`created: false`),
   * so the caller tells a replay from a new proposal.
   */
  async propose(input: {
    target: TopUpTarget;
    targetKey: string;
    organisationId: string;
    amountFen: bigint;
    reference: string;
    proposedBy: string;
    proposedOn: string;
  }): Promise<{ created: boolean; row: TopUpRow }> {
    const inserted: Record<string, unknown>[] = await this.db.query(
      `INSERT INTO top_up (target, target_key, organisation_id, amount_fen, reference, proposed_by, proposed_on)
       VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT ON CONSTRAINT top_up_reference_once DO NOTHING
       RETURNING ${COLUMNS}`,
      [
        input.target,
        input.targetKey,
        input.organisationId,
        input.amountFen.toString(),
        input.reference,
        input.proposedBy,
        input.proposedOn,
      ],
    );
    if (inserted[0]) return { created: true, row: toRow(inserted[0]) };
    const existing = await this.findByReference(input.target, input.targetKey, input.reference);
    return { created: false, row: existing! };
  }

  /** Records the decision on a pending proposal; false when it was no longer pending. */
  async decide(
    id: string,
    status: 'APPROVED' | 'REJECTED',
    decidedBy: string,
    decidedOn: string,
    manager: EntityManager = this.db.manager,
  ): Promise<boolean> {
    const [, affected]: [unknown[], number] = await manager.query(
      `UPDATE top_up SET status = $2, decided_by = $3, decided_on = $4
        WHERE id = $1 AND status = 'PROPOSED'`,
      [id, status, decidedBy, decidedOn],
    );
    return affected > 0;
  }
}
