import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SettlementInterestInYuan, WaterfallInYuan } from '../../../../domain/src/disposal';

export interface BucketMoveRow {
  caseNumber: string;
  seq: number;
  from: string;
  to: string;
  daysPastDue: number;
  on: string;
}

export interface DefaultRecord {
  caseNumber: string;
  kind: 'DECLARED' | 'AUTOMATIC';
  declaredBy: string | null;
  reason: string;
  on: string;
  daysPastDue: number;
  nonPerformingSince: string;
  principalOutstanding: string;
  interestOutstanding: string;
  ipSecuredShare: string;
  riskSharing: unknown;
  schemeCode: string;
  schemeTerms: unknown;
  lossBase: string;
  shares: unknown;
}

/** The proceeds' distribution of a settled case, as the case computed it. */
export interface DistributionRecord extends WaterfallInYuan {
  caseNumber: string;
  outcome: 'SOLD' | 'WRITTEN_OFF';
  method: string | null;
  buyer: string | null;
  settledOn: string;
  /** The interest lines behind `interestDue`; null on settlements made before they were kept. */
  interestBasis?: SettlementInterestInYuan | null;
}

/**
 * The bank's side of a failing loan: every delinquency bucket move, the default with the loss it
 * leaves, the distribution of disposal proceeds and the write-off. Keyed by case (and sequence),
 * so a retried activity writes nothing twice.
 */
@Injectable()
export class LoanDefaultRepository {
  constructor(private readonly db: DataSource) {}

  async recordBucketMove(move: BucketMoveRow): Promise<void> {
    await this.db.query(
      `INSERT INTO delinquency_bucket_move (case_number, seq, from_bucket, to_bucket, days_past_due, business_date)
       VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT (case_number, seq) DO NOTHING`,
      [move.caseNumber, move.seq, move.from, move.to, move.daysPastDue, move.on],
    );
  }

  async bucketMoves(caseNumber: string): Promise<Omit<BucketMoveRow, 'caseNumber'>[]> {
    return this.db.query(
      `SELECT seq, from_bucket AS "from", to_bucket AS "to", days_past_due AS "daysPastDue",
              to_char(business_date, 'YYYY-MM-DD') AS "on"
         FROM delinquency_bucket_move WHERE case_number = $1 ORDER BY seq`,
      [caseNumber],
    );
  }

  async recordDefault(d: DefaultRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO loan_default (case_number, kind, declared_by, reason, business_date, days_past_due, non_performing_since,
                                 principal_outstanding, interest_outstanding, ip_secured_share, risk_sharing,
                                 risk_scheme_code, scheme_terms, loss_base, shares)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15) ON CONFLICT (case_number) DO NOTHING`,
      [
        d.caseNumber,
        d.kind,
        d.declaredBy,
        d.reason,
        d.on,
        d.daysPastDue,
        d.nonPerformingSince,
        d.principalOutstanding,
        d.interestOutstanding,
        d.ipSecuredShare,
        JSON.stringify(d.riskSharing),
        d.schemeCode,
        JSON.stringify(d.schemeTerms),
        d.lossBase,
        JSON.stringify(d.shares),
      ],
    );
  }

  async recordDistribution(d: DistributionRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO disposal_distribution (case_number, outcome, method, buyer, proceeds, interest_due, principal_due, fund_paid,
                                          insurer_paid, costs, bank_interest, bank_principal, fund, insurer, pledgor,
                                          unrecovered, settled_on, interest_basis)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18) ON CONFLICT (case_number) DO NOTHING`,
      [
        d.caseNumber,
        d.outcome,
        d.method,
        d.buyer,
        d.proceeds,
        d.interestDue,
        d.principalDue,
        d.fundPaid,
        d.insurerPaid,
        d.costs,
        d.bankInterest,
        d.bankPrincipal,
        d.fund,
        d.insurer,
        d.pledgor,
        d.unrecovered,
        d.settledOn,
        d.interestBasis ? JSON.stringify(d.interestBasis) : null,
      ],
    );
  }

  async recordWriteOff(input: {
    caseNumber: string;
    amount: string;
    reason: string;
    on: string;
  }): Promise<void> {
    await this.db.query(
      `INSERT INTO loan_write_off (case_number, amount, reason, written_off_on) VALUES ($1,$2,$3,$4)
       ON CONFLICT (case_number) DO NOTHING`,
      [input.caseNumber, input.amount, input.reason, input.on],
    );
  }
}
