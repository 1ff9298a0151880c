import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type {
  CompensationClaimPayment,
  CompensationClaimStep,
} from '../../../../domain/src/compensation-claim/compensation-claim.types';
import { Money } from '../../../../domain/src/money';

export interface RiskSchemeRow {
  code: string;
  /** Raw configuration; the workflow parses it with `parseRiskScheme`. */
  terms: Record<string, unknown>;
  fundCode: string;
  fundOrgId: string;
  insurerOrgId: string;
}

/** A top-up of the fund: credited (or already credited), or its reference taken by another credit. */
export type TopUpResult =
  | { ok: true }
  | { ok: false; reason: 'DUPLICATE_REFERENCE'; reference: string };

/** How applying a fund's top-up proposal ended. */
export type ApplyTopUpResult =
  | { ok: true; applied: boolean }
  | { ok: false; reason: 'NOT_FOUND' | 'NOT_PROPOSED' | 'SELF_APPROVAL' | 'DUPLICATE_REFERENCE' };

export interface FundBalance {
  code: string;
  orgId: string;
  name: string;
  total: string;
  paid: string;
  available: string;
}

export interface CompensationClaimFiling {
  claimId: string;
  caseNumber: string;
  payer: 'INSURER' | 'FUND';
  payerOrgId: string;
  fundCode: string | null;
  share: string;
  cap: string | null;
  filedOn: string;
  eligibleOn: string;
}

interface PaymentRow {
  reference: string;
  amount_fen: string;
  limited_by: 'CAP' | 'BALANCE' | null;
  deposit_fen: string;
  payer: string;
  paid_on: string;
  paid_by: string;
}

function asPayment(row: PaymentRow): CompensationClaimPayment {
  return {
    reference: row.reference,
    amount: Money.ofFen(BigInt(row.amount_fen)).toYuan(),
    limitedBy: row.limited_by,
    deposit: row.payer === 'FUND' ? Money.ofFen(BigInt(row.deposit_fen)).toYuan() : null,
    paidOn: row.paid_on,
    paidBy: row.paid_by,
  };
}

const SELECT_PAYMENT = `SELECT reference, amount_fen::text, limited_by, deposit_fen::text, payer,
       to_char(paid_on, 'YYYY-MM-DD') AS paid_on, paid_by FROM compensation_payment`;

/**
 * Risk schemes, the compensation fund's pool, compensation claims and their payments. Money is
 * bigint fen here: the pool's balance is total_fen − paid_fen, and the sum of the fund's payments
 * is exactly paid_fen.
 */
@Injectable()
export class LossSharingRepository {
  constructor(private readonly db: DataSource) {}

  async riskScheme(code: string): Promise<RiskSchemeRow | null> {
    const rows: RiskSchemeRow[] = await this.db.query(
      `SELECT s.code, s.terms, s.fund_code AS "fundCode", f.org_id AS "fundOrgId", s.insurer_org_id AS "insurerOrgId"
         FROM risk_scheme s JOIN compensation_fund f ON f.code = s.fund_code
        WHERE s.code = $1 AND s.active`,
      [code],
    );
    return rows[0] ?? null;
  }

  async fundBalance(code: string): Promise<FundBalance | null> {
    const rows: { code: string; org_id: string; name: string; total: string; paid: string }[] =
      await this.db.query(
        `SELECT code, org_id, name, total_fen::text AS total, paid_fen::text AS paid FROM compensation_fund WHERE code = $1`,
        [code],
      );
    const row = rows[0];
    if (!row) return null;
    const total = Money.ofFen(BigInt(row.total));
    const paid = Money.ofFen(BigInt(row.paid));
    return {
      code: row.code,
      orgId: row.org_id,
      name: row.name,
      total: total.toYuan(),
      paid: paid.toYuan(),
      available: total.minus(paid).toYuan(),
    };
  }

  /**
   * Raises the fund's total, once per reference: the same top-up sent again is `ok`; a
   * reference already used for another credit is answered as DUPLICATE_REFERENCE.
   */
  async topUp(input: {
    fundCode: string;
    reference: string;
    amount: Money;
    recordedBy: string;
  }): Promise<TopUpResult> {
    return this.db.transaction(async (tx): Promise<TopUpResult> => {
      const credited = await this.credit(tx, { ...input, kind: 'TOP_UP', caseNumber: null });
      if (credited) return { ok: true };
      const rows: { fund_code: string; amount_fen: string; kind: string }[] = await tx.query(
        `SELECT fund_code, amount_fen::text, kind FROM compensation_fund_credit WHERE reference = $1`,
        [input.reference],
      );
      const previous = rows[0];
      if (
        previous?.kind !== 'TOP_UP' ||
        previous.fund_code !== input.fundCode ||
        BigInt(previous.amount_fen) !== input.amount.fen
      ) {
        return { ok: false, reason: 'DUPLICATE_REFERENCE', reference: input.reference };
      }
      return { ok: true };
    });
  }

  /**
   * Applies an approved top-up proposal of the fund: marks it APPROVED by `approvedBy` and
   * credits the fund under the proposal's 文号, in one transaction. A proposal already approved
   * comes back as `applied: false` (nothing credited twice); any other state, or an approver who
   * proposed it, is refused as a typed result (the table's CHECK refuses the latter as well).
   */
  async applyTopUp(input: {
    topUpId: string;
    approvedBy: string;
    decidedOn: string;
  }): Promise<ApplyTopUpResult> {
    return this.db
      .transaction(async (tx): Promise<ApplyTopUpResult> => {
        const rows: {
          target_key: string;
          amount_fen: string;
          reference: string;
          status: string;
          proposed_by: string;
        }[] = await tx.query(
          `SELECT target_key, amount_fen::text, reference, status, proposed_by FROM top_up
          WHERE id = $1 AND target = 'COMPENSATION_FUND' FOR UPDATE`,
          [input.topUpId],
        );
        const row = rows[0];
        if (!row) return { ok: false, reason: 'NOT_FOUND' };
        if (row.status === 'APPROVED') return { ok: true, applied: false };
        if (row.status !== 'PROPOSED') return { ok: false, reason: 'NOT_PROPOSED' };
        if (row.proposed_by === input.approvedBy) return { ok: false, reason: 'SELF_APPROVAL' };
        await tx.query(
          `UPDATE top_up SET status = 'APPROVED', decided_by = $2, decided_on = $3 WHERE id = $1`,
          [input.topUpId, input.approvedBy, input.decidedOn],
        );
        const credited = await this.credit(tx, {
          fundCode: row.target_key,
          reference: row.reference,
          amount: Money.ofFen(BigInt(row.amount_fen)),
          recordedBy: input.approvedBy,
          kind: 'TOP_UP',
          caseNumber: null,
        });
        if (!credited) {
          // The 文号 was used by an earlier credit (before proposals existed): undo the decision.
          throw new DuplicateCreditReference();
        }
        return { ok: true, applied: true };
      })
      .catch((error: unknown): ApplyTopUpResult => {
        if (error instanceof DuplicateCreditReference)
          return { ok: false, reason: 'DUPLICATE_REFERENCE' };
        throw error;
      });
  }

  /** A disposal's recovery flows back into the fund, once per case. */
  async creditRecovery(input: {
    fundCode: string;
    caseNumber: string;
    amount: Money;
  }): Promise<void> {
    await this.db.transaction((tx) =>
      this.credit(tx, {
        fundCode: input.fundCode,
        reference: `${input.caseNumber}-RECOVERY`,
        amount: input.amount,
        recordedBy: 'system',
        kind: 'RECOVERY',
        caseNumber: input.caseNumber,
      }),
    );
  }

  private async credit(
    tx: EntityManager,
    input: {
      fundCode: string;
      reference: string;
      amount: Money;
      recordedBy: string;
      kind: 'TOP_UP' | 'RECOVERY';
      caseNumber: string | null;
    },
  ): Promise<boolean> {
    const inserted: unknown[] = await tx.query(
      `INSERT INTO compensation_fund_credit (reference, fund_code, kind, amount_fen, case_number, recorded_by)
       VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT DO NOTHING RETURNING reference`,
      [
        input.reference,
        input.fundCode,
        input.kind,
        input.amount.fen.toString(),
        input.caseNumber,
        input.recordedBy,
      ],
    );
    if (inserted.length === 0) return false;
    await tx.query(
      `UPDATE compensation_fund SET total_fen = total_fen + $2, updated_at = now() WHERE code = $1`,
      [input.fundCode, input.amount.fen.toString()],
    );
    return true;
  }

  /** Files the claims of a default; a retry finds them filed. */
  async fileClaims(claims: CompensationClaimFiling[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const c of claims) {
        await tx.query(
          `INSERT INTO compensation_claim (claim_id, case_number, payer, payer_org_id, fund_code, share_fen, cap_fen, status, filed_on, eligible_on)
           VALUES ($1,$2,$3,$4,$5,$6,$7,'FILED',$8,$9) ON CONFLICT (claim_id) DO NOTHING`,
          [
            c.claimId,
            c.caseNumber,
            c.payer,
            c.payerOrgId,
            c.fundCode,
            Money.ofYuan(c.share).fen.toString(),
            c.cap === null ? null : Money.ofYuan(c.cap).fen.toString(),
            c.filedOn,
            c.eligibleOn,
          ],
        );
      }
    });
  }

  /** Moves a claim from one status to the next; a retry finds it moved and changes nothing. */
  async recordClaimStep(
    claimId: string,
    from: string,
    step: CompensationClaimStep,
    manager: EntityManager = this.db.manager,
  ): Promise<void> {
    await manager.query(
      `UPDATE compensation_claim SET status = $3, steps = steps || $4::jsonb, updated_at = now()
        WHERE claim_id = $1 AND status = $2`,
      [claimId, from, step.status, JSON.stringify([step])],
    );
  }

  /** Runs `work` in one transaction (a payment's reads, debit, row and audit entry). */
  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** The payment made on a claim, under whatever reference, or null. */
  async paymentOfClaim(
    tx: EntityManager,
    claimId: string,
  ): Promise<CompensationClaimPayment | null> {
    const rows: PaymentRow[] = await tx.query(`${SELECT_PAYMENT} WHERE claim_id = $1`, [claimId]);
    return rows[0] ? asPayment(rows[0]) : null;
  }

  /** What the fund may still pay (total − paid), or null for no such fund. */
  async fundAvailable(tx: EntityManager, fundCode: string): Promise<Money | null> {
    const rows: { available: string }[] = await tx.query(
      `SELECT (total_fen - paid_fen)::text AS available FROM compensation_fund WHERE code = $1`,
      [fundCode],
    );
    return rows[0] ? Money.ofFen(BigInt(rows[0].available)) : null;
  }

  /**
   * Debits the fund's pool by one conditional UPDATE that only succeeds while
   * paid_fen + amount <= total_fen; false when another payment took the balance first.
   */
  async debitFund(tx: EntityManager, fundCode: string, amount: Money): Promise<boolean> {
    // TypeORM answers an UPDATE on PostgreSQL with [rows, affected row count].
    const [, debited]: [unknown[], number] = await tx.query(
      `UPDATE compensation_fund SET paid_fen = paid_fen + $2, updated_at = now()
        WHERE code = $1 AND paid_fen + $2 <= total_fen`,
      [fundCode, amount.fen.toString()],
    );
    return debited > 0;
  }

  /**
   * Inserts the payment of a claim (one per claim, keyed by the claim), under its payer
   * organisation (the claim's). A reference that payer already used on another payment is
   * refused by the unique index on (payer organisation, reference): answered as
   * REFERENCE_TAKEN; the transaction is then aborted and must be rolled back by the caller.
   */
  async insertPayment(
    tx: EntityManager,
    row: {
      claimId: string;
      reference: string;
      caseNumber: string;
      payer: 'INSURER' | 'FUND';
      fundCode: string | null;
      share: Money;
      amount: Money;
      limitedBy: 'CAP' | 'BALANCE' | null;
      deposit: Money;
      paidOn: string;
      paidBy: string;
    },
  ): Promise<{ ok: true } | { ok: false; reason: 'REFERENCE_TAKEN' }> {
    try {
      await tx.query(
        `INSERT INTO compensation_payment (claim_id, reference, case_number, payer, fund_code, share_fen, amount_fen, limited_by, deposit_fen, paid_on, paid_by, payer_org_id)
         SELECT $1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11, c.payer_org_id
           FROM compensation_claim c WHERE c.claim_id = $1`,
        [
          row.claimId,
          row.reference,
          row.caseNumber,
          row.payer,
          row.fundCode,
          row.share.fen.toString(),
          row.amount.fen.toString(),
          row.limitedBy,
          row.deposit.fen.toString(),
          row.paidOn,
          row.paidBy,
        ],
      );
      return { ok: true };
    } catch (error) {
      const e = error as { code?: string; constraint?: string };
      if (e.code === '23505' && e.constraint === 'compensation_payment_payer_reference_key')
        return { ok: false, reason: 'REFERENCE_TAKEN' };
      throw error;
    }
  }

  /**
   * The claim on which the organisation already paid under `reference`, other than `claimId`
   * (a reference is unique per payer organisation), or null.
   */
  async claimPaidUnderReference(
    payerOrgId: string,
    reference: string,
    claimId: string,
  ): Promise<string | null> {
    const rows: { claimId: string }[] = await this.db.query(
      `SELECT claim_id AS "claimId" FROM compensation_payment
        WHERE payer_org_id = $1 AND reference = $2 AND claim_id <> $3`,
      [payerOrgId, reference, claimId],
    );
    return rows[0]?.claimId ?? null;
  }

  /** The deposit of a fund payment is paid out for good after the write-off; once. */
  async releaseDeposit(claimId: string, on: string): Promise<void> {
    await this.db.query(
      `UPDATE compensation_payment SET deposit_released_on = $2
        WHERE claim_id = $1 AND deposit_fen > 0 AND deposit_released_on IS NULL`,
      [claimId, on],
    );
  }

  async claimsOfCase(caseNumber: string): Promise<Record<string, unknown>[]> {
    return this.db.query(
      `SELECT c.claim_id AS "claimId", c.payer, c.payer_org_id AS "payerOrgId", c.fund_code AS "fundCode",
              c.share_fen::text AS "shareFen", c.cap_fen::text AS "capFen", c.status,
              to_char(c.filed_on, 'YYYY-MM-DD') AS "filedOn", to_char(c.eligible_on, 'YYYY-MM-DD') AS "eligibleOn",
              c.steps, p.reference AS "paymentReference", p.amount_fen::text AS "paidFen", p.limited_by AS "limitedBy",
              p.deposit_fen::text AS "depositFen", to_char(p.deposit_released_on, 'YYYY-MM-DD') AS "depositReleasedOn",
              to_char(p.paid_on, 'YYYY-MM-DD') AS "paidOn", p.paid_by AS "paidBy"
         FROM compensation_claim c LEFT JOIN compensation_payment p ON p.claim_id = c.claim_id
        WHERE c.case_number = $1 ORDER BY c.payer`,
      [caseNumber],
    );
  }
}

/** Rolls back `applyTopUp`'s transaction when the credit's reference is already taken. */
class DuplicateCreditReference extends Error {}
