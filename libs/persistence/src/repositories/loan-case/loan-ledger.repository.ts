import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ScheduleRow } from '../../../../domain/src/loan-account';
import { refreshCaseAccount } from './case-read-model.repository';

export interface DisbursementBooking {
  caseNumber: string;
  reference: string;
  amount: string;
  valueDate: string;
  schedule: ScheduleRow[];
}

/**
 * `schedule` is the case's schedule after the repayment: an early settlement re-cuts it and
 * carries it; any other repayment leaves the stored one as it is and may leave it out.
 */
export interface RepaymentBooking extends Omit<DisbursementBooking, 'schedule'> {
  kind: string;
  schedule?: ScheduleRow[];
}

/**
 * The bank's money movements on a case. Keys are the bank's own references, so a retried
 * activity finds its row and never pays or books twice.
 */
/** A valuation report as the case keeps it (the evaluator who signed it is stored apart). */
export interface StoredValuationReport {
  reportNumber: string;
  firmOrgId: string;
  method: string;
  baseDate: string;
  validUntil: string;
  totalValue: string;
  maxLoan: string;
  assets: unknown;
  submittedOn: string;
}

@Injectable()
export class LoanLedgerRepository {
  constructor(private readonly db: DataSource) {}

  async recordValuation(
    caseNumber: string,
    report: StoredValuationReport & { evaluatorUserId: string },
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO valuation_report (report_number, case_number, firm_org_id, evaluator_id, method, base_date, valid_until, total_value, max_loan, assets, submitted_on)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) ON CONFLICT (report_number) DO NOTHING`,
      [
        report.reportNumber,
        caseNumber,
        report.firmOrgId,
        report.evaluatorUserId,
        report.method,
        report.baseDate,
        report.validUntil,
        report.totalValue,
        report.maxLoan,
        JSON.stringify(report.assets),
        report.submittedOn,
      ],
    );
  }

  /** Runs `work` in one transaction (a booking and its schedule). */
  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** Inserts the disbursement of a case; false when the case has one already. */
  async insertDisbursement(tx: EntityManager, input: DisbursementBooking): Promise<boolean> {
    const inserted: unknown[] = await tx.query(
      `INSERT INTO disbursement (case_number, reference, amount, value_date) VALUES ($1,$2,$3,$4)
       ON CONFLICT (case_number) DO NOTHING RETURNING case_number`,
      [input.caseNumber, input.reference, input.amount, input.valueDate],
    );
    return inserted.length > 0;
  }

  /** Inserts a repayment, once per (case, bank reference). */
  async insertRepayment(tx: EntityManager, input: RepaymentBooking): Promise<void> {
    await tx.query(
      `INSERT INTO repayment (case_number, reference, amount, value_date, kind) VALUES ($1,$2,$3,$4,$5)
       ON CONFLICT (case_number, reference) DO NOTHING`,
      [input.caseNumber, input.reference, input.amount, input.valueDate, input.kind],
    );
  }

  /** Brings the case list's account columns up to the booking, in its transaction. */
  async refreshAccount(tx: EntityManager, caseNumber: string): Promise<void> {
    await refreshCaseAccount(tx, caseNumber);
  }

  /** Writes the case's current schedule in place of the stored one (idempotent). */
  async replaceSchedule(
    tx: EntityManager,
    caseNumber: string,
    schedule: ScheduleRow[],
  ): Promise<void> {
    await tx.query(`DELETE FROM schedule_instalment WHERE case_number = $1`, [caseNumber]);
    if (schedule.length === 0) return;
    // One statement for the whole schedule: a round trip per instalment was most of a booking.
    await tx.query(
      `INSERT INTO schedule_instalment (case_number, seq, period_start, due_date, principal, interest)
       SELECT $1, * FROM unnest($2::integer[], $3::date[], $4::date[], $5::numeric[], $6::numeric[])`,
      [
        caseNumber,
        schedule.map((row) => row.seq),
        schedule.map((row) => row.periodStart),
        schedule.map((row) => row.dueDate),
        schedule.map((row) => row.principal),
        schedule.map((row) => row.interest),
      ],
    );
  }
}
