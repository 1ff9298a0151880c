/**
 * Pure checks and figures of the loan case's human steps. Each check throws a DomainError with
 * the stable code the API answers with; the workflow runs it in the Update's validator (so a
 * refused step never enters history) and again inside the step, against the then-current case.
 */
import { addMonthsClamped, assertBusinessDate, compareDates } from '../business-date';
import { compareFractions, isShareOfOne, parseDecimal, tryParseDecimal } from '../decimal';
import { DISPOSAL_METHODS } from '../disposal';
import { DomainError } from '../errors';
import { REGISTRATION_REFUSAL_REASONS } from '../ip-assets';
import {
  earlySettlement,
  positionOf,
  type RepaymentRecord,
  type ScheduleRow,
} from '../loan-account';
import { Money } from '../money';
import type { Actor } from '../roles';
import type {
  AssetValuation,
  CaseSnapshot,
  DisposalOutcome,
  LoanApplication,
  RiskSharing,
  ValuationReport,
} from './loan-case.types';

// --- valuation -------------------------------------------------------------------------------

/** A valuation report as the evaluator submits it. */
export interface ValuationSubmission {
  reportNumber: string;
  baseDate: string;
  validUntil: string | null;
  assets: AssetValuation[];
  businessDate: string;
}

/**
 * A report values every pledged asset exactly once, at a positive value, on a base date not
 * after the business date, and is not already on the case.
 * @throws DomainError(INVALID_DATE) for a malformed baseDate or validUntil.
 * @throws DomainError(VALIDATION_FAILED) for a base date in the future.
 * @throws DomainError(VALUATION_ASSETS_MISMATCH) unless the report values exactly the pledged assets.
 * @throws DomainError(INVALID_AMOUNT) for a value that is not above 0.
 * @throws DomainError(DUPLICATE_REPORT) for a report number already on the case.
 */
export function assertValuationReport(
  report: ValuationSubmission,
  application: Pick<LoanApplication, 'assets'>,
  valuations: readonly ValuationReport[],
): void {
  assertBusinessDate(report.baseDate, 'baseDate');
  if (compareDates(report.baseDate, report.businessDate) > 0)
    throw new DomainError('VALIDATION_FAILED', 'baseDate is in the future', { field: 'baseDate' });
  if (report.validUntil !== null) assertBusinessDate(report.validUntil, 'validUntil');
  const pledged = application.assets.map((a) => a.number).sort();
  const valued = report.assets.map((a) => a.number).sort();
  if (pledged.join('|') !== valued.join('|')) {
    throw new DomainError(
      'VALUATION_ASSETS_MISMATCH',
      'The report must value every pledged asset exactly once',
      { pledged, valued },
    );
  }
  for (const asset of report.assets) {
    if (!Money.ofYuan(asset.value).isPositive())
      throw new DomainError('INVALID_AMOUNT', `Value of ${asset.number} must be positive`);
  }
  if (valuations.some((v) => v.reportNumber === report.reportNumber)) {
    throw new DomainError(
      'DUPLICATE_REPORT',
      `Report ${report.reportNumber} is already on the case`,
    );
  }
}

/**
 * What a report is worth to the loan: the total value and the largest loan the product's LTV
 * caps allow (each asset's value times the cap of its kind), both in yuan; and the date the
 * report is valid until (its own, else the product's validity months from its base date).
 */
export function valuationFigures(
  report: Pick<ValuationSubmission, 'assets' | 'baseDate' | 'validUntil'>,
  application: Pick<LoanApplication, 'assets' | 'product'>,
): { totalValue: string; maxLoan: string; validUntil: string } {
  let total = Money.zero();
  let maxLoan = Money.zero();
  for (const asset of report.assets) {
    const kind = application.assets.find((a) => a.number === asset.number)!.kind;
    const value = Money.ofYuan(asset.value);
    total = total.plus(value);
    maxLoan = maxLoan.plus(value.times(parseDecimal(application.product.ltvByAssetKind[kind])));
  }
  return {
    totalValue: total.toYuan(),
    maxLoan: maxLoan.toYuan(),
    validUntil:
      report.validUntil ??
      addMonthsClamped(report.baseDate, application.product.valuationValidityMonths),
  };
}

// --- credit approval -------------------------------------------------------------------------

/**
 * Four eyes: the credit approver is not the officer who prepared the case.
 * @throws DomainError(FOUR_EYES_VIOLATION)
 */
export function assertFourEyes(approverUserId: string, preparerUserId: string): void {
  if (approverUserId === preparerUserId) {
    throw new DomainError(
      'FOUR_EYES_VIOLATION',
      'The credit approver must not be the officer who prepared the case',
      { preparer: preparerUserId },
    );
  }
}

/**
 * Loss shares are whole basis points from 0 that add up to 10,000.
 * @throws DomainError(INVALID_RISK_SHARING)
 */
export function assertRiskSharing(shares: RiskSharing): void {
  const parts = [shares.bankBp, shares.insurerBp, shares.fundBp, shares.guarantorBp];
  if (
    parts.some((p) => !Number.isInteger(p) || p < 0) ||
    parts.reduce((a, b) => a + b, 0) !== 10000
  ) {
    throw new DomainError(
      'INVALID_RISK_SHARING',
      'Risk shares are whole basis points that add up to 10000',
      { riskSharing: shares },
    );
  }
}

/**
 * The share of the loan secured by the pledged IP is a fraction above 0 and at most 1 (absent
 * means 1).
 * @throws DomainError(INVALID_IP_SECURED_SHARE)
 */
export function assertIpSecuredShare(ipSecuredShare: string | undefined): void {
  if (ipSecuredShare !== undefined && !isShareOfOne(ipSecuredShare)) {
    throw new DomainError(
      'INVALID_IP_SECURED_SHARE',
      'The IP-secured share is a fraction above 0 and at most 1',
      { ipSecuredShare },
    );
  }
}

/**
 * The loan is within the LTV limit of the latest valuation, which is still valid on the
 * business date.
 * @throws DomainError(VALUATION_MISSING) with no report on the case.
 * @throws DomainError(VALUATION_EXPIRED) once the latest report's validity has passed.
 * @throws DomainError(LTV_EXCEEDED) for a loan above the report's maximum loan.
 */
export function assertWithinLtv(
  amountYuan: string,
  valuations: readonly ValuationReport[],
  businessDate: string,
): void {
  const latest = valuations[valuations.length - 1];
  if (!latest) throw new DomainError('VALUATION_MISSING', 'No valuation report on the case');
  if (compareDates(latest.validUntil, businessDate) < 0) {
    throw new DomainError(
      'VALUATION_EXPIRED',
      `Valuation ${latest.reportNumber} expired on ${latest.validUntil}`,
      { validUntil: latest.validUntil },
    );
  }
  const amount = Money.ofYuan(amountYuan);
  if (amount.greaterThan(Money.ofYuan(latest.maxLoan))) {
    throw new DomainError(
      'LTV_EXCEEDED',
      `Loan ${amount.toYuan()} exceeds the LTV limit ${latest.maxLoan} of valuation ${latest.reportNumber}`,
      { amount: amount.toYuan(), maxLoan: latest.maxLoan, totalValue: latest.totalValue },
    );
  }
}

// --- contract and registration ---------------------------------------------------------------

/**
 * A registrable contract: no forfeiture clause (流质), both contract numbers, a signing date on
 * or after the credit approval and not after the business date.
 * @throws DomainError(FORFEITURE_CLAUSE), DomainError(VALIDATION_FAILED), DomainError(INVALID_DATE),
 *   DomainError(CONTRACT_SIGNED_AFTER_BUSINESS_DATE), DomainError(CONTRACT_SIGNED_BEFORE_APPROVAL)
 */
export function assertContract(
  contract: {
    loanContractNumber: string;
    pledgeContractNumber: string;
    signedOn: string;
    forfeitureClause: boolean;
  },
  dates: { businessDate: string; approvedOn: string | null },
): void {
  if (contract.forfeitureClause) {
    throw new DomainError(
      'FORFEITURE_CLAUSE',
      'A clause handing the IP to the bank on default (流质) is void and cannot be registered',
    );
  }
  if (!contract.loanContractNumber || !contract.pledgeContractNumber)
    throw new DomainError('VALIDATION_FAILED', 'Contract numbers are required');
  assertBusinessDate(contract.signedOn, 'signedOn');
  if (compareDates(contract.signedOn, dates.businessDate) > 0)
    throw new DomainError(
      'CONTRACT_SIGNED_AFTER_BUSINESS_DATE',
      `A contract signed on ${contract.signedOn} is after the business date ${dates.businessDate}`,
      { signedOn: contract.signedOn, businessDate: dates.businessDate },
    );
  if (dates.approvedOn !== null && compareDates(contract.signedOn, dates.approvedOn) < 0)
    throw new DomainError(
      'CONTRACT_SIGNED_BEFORE_APPROVAL',
      `A contract signed on ${contract.signedOn} is before the credit approval of ${dates.approvedOn}`,
      { signedOn: contract.signedOn, approvedOn: dates.approvedOn },
    );
}

/**
 * A registration office's number and date, as it accepts a filing or registers a release.
 * @throws DomainError(VALIDATION_FAILED) for a missing number; DomainError(INVALID_DATE).
 */
export function assertRegistryEntry(
  number: string,
  registeredOn: string,
  field: 'registrationNumber' | 'cancellationNumber',
): void {
  if (!number) throw new DomainError('VALIDATION_FAILED', `${field} is required`);
  assertBusinessDate(registeredOn, 'registeredOn');
}

/** @throws DomainError(INVALID_REFUSAL_REASON) for a reason the office does not know. */
export function assertRefusalReason(reason: string): void {
  if (!(reason in REGISTRATION_REFUSAL_REASONS))
    throw new DomainError('INVALID_REFUSAL_REASON', `Unknown refusal reason ${reason}`);
}

// --- disbursement and repayment --------------------------------------------------------------

/**
 * Money goes out on or after the contract's signing and the pledge registration, and not after
 * the business date, under a reference. Each contradiction has its own code.
 * @throws DomainError(INVALID_DATE), DomainError(DISBURSEMENT_AFTER_BUSINESS_DATE),
 *   DomainError(DISBURSEMENT_BEFORE_CONTRACT), DomainError(DISBURSEMENT_BEFORE_REGISTRATION),
 *   DomainError(VALIDATION_FAILED)
 */
export function assertDisbursement(input: {
  reference: string;
  valueDate: string;
  businessDate: string;
  /** Registration date of the accepted filing; the business date when none is known. */
  registeredOn: string | null;
  /** Signing date of the contract; none known on cases that predate it being kept. */
  contractSignedOn?: string | null;
}): void {
  assertBusinessDate(input.valueDate, 'valueDate');
  const registeredOn = input.registeredOn ?? input.businessDate;
  const details = { valueDate: input.valueDate, businessDate: input.businessDate, registeredOn };
  if (compareDates(input.valueDate, input.businessDate) > 0)
    throw new DomainError(
      'DISBURSEMENT_AFTER_BUSINESS_DATE',
      `Disbursement value date ${input.valueDate} is after the business date ${input.businessDate}`,
      details,
    );
  const signedOn = input.contractSignedOn ?? null;
  if (signedOn !== null && compareDates(input.valueDate, signedOn) < 0)
    throw new DomainError(
      'DISBURSEMENT_BEFORE_CONTRACT',
      `Disbursement value date ${input.valueDate} is before the contract signed on ${signedOn}`,
      { ...details, contractSignedOn: signedOn },
    );
  if (compareDates(input.valueDate, registeredOn) < 0)
    throw new DomainError(
      'DISBURSEMENT_BEFORE_REGISTRATION',
      `Disbursement value date ${input.valueDate} is before the pledge registration on ${registeredOn}`,
      details,
    );
  if (!input.reference) throw new DomainError('VALIDATION_FAILED', 'reference is required');
}

/** A repayment as the bank records it. */
export interface RepaymentSubmission {
  reference: string;
  amount: string;
  valueDate: string;
  kind: 'SCHEDULED' | 'SETTLEMENT';
  businessDate: string;
}

/** The loan account a repayment is checked against. */
export interface RepaymentAccount {
  schedule: readonly ScheduleRow[];
  repayments: readonly RepaymentRecord[];
  annualRate: string;
  disbursedOn: string;
}

/**
 * A repayment is positive, referenced, dated between disbursement and the business date, and
 * either the exact payoff (early settlement) or at most what remains scheduled. A reference
 * already recorded with the same amount is the same payment and passes (it is acknowledged,
 * not re-applied).
 * @throws DomainError(INVALID_DATE), DomainError(INVALID_AMOUNT), DomainError(VALIDATION_FAILED),
 *   DomainError(DUPLICATE_REFERENCE), DomainError(REPAYMENT_AFTER_BUSINESS_DATE),
 *   DomainError(REPAYMENT_BEFORE_DISBURSEMENT),
 *   DomainError(SETTLEMENT_AMOUNT_MISMATCH), DomainError(OVERPAYMENT)
 */
export function assertRepayment(input: RepaymentSubmission, account: RepaymentAccount): void {
  assertBusinessDate(input.valueDate, 'valueDate');
  const amount = Money.ofYuan(input.amount);
  if (!amount.isPositive())
    throw new DomainError('INVALID_AMOUNT', 'Repayment amount must be positive');
  if (!input.reference) throw new DomainError('VALIDATION_FAILED', 'reference is required');
  const previous = account.repayments.find((r) => r.reference === input.reference);
  if (previous && previous.amount !== amount.toYuan()) {
    throw new DomainError(
      'DUPLICATE_REFERENCE',
      `Repayment ${input.reference} was recorded with amount ${previous.amount}`,
      { recorded: previous },
    );
  }
  if (compareDates(input.valueDate, input.businessDate) > 0)
    throw new DomainError(
      'REPAYMENT_AFTER_BUSINESS_DATE',
      `Repayment value date ${input.valueDate} is after the business date ${input.businessDate}`,
      { valueDate: input.valueDate, businessDate: input.businessDate },
    );
  if (compareDates(input.valueDate, account.disbursedOn) < 0)
    throw new DomainError(
      'REPAYMENT_BEFORE_DISBURSEMENT',
      `Repayment value date ${input.valueDate} is before the disbursement on ${account.disbursedOn}`,
      { valueDate: input.valueDate, disbursedOn: account.disbursedOn },
    );
  if (previous) return;
  if (input.kind === 'SETTLEMENT') {
    const { payoff } = earlySettlement(
      [...account.schedule],
      [...account.repayments],
      account.annualRate,
      input.valueDate,
    );
    if (payoff !== amount.toYuan()) {
      throw new DomainError(
        'SETTLEMENT_AMOUNT_MISMATCH',
        `Early settlement on ${input.valueDate} requires ${payoff}`,
        { payoff },
      );
    }
  } else {
    const remaining = Money.ofYuan(
      positionOf([...account.schedule], [...account.repayments], input.valueDate)
        .remainingScheduled,
    );
    if (amount.greaterThan(remaining))
      throw new DomainError('OVERPAYMENT', `Only ${remaining.toYuan()} remains owed`, {
        remaining: remaining.toYuan(),
      });
  }
}

// --- the loan's price -----------------------------------------------------------------------

/**
 * The highest contract rate a case may carry, a year. Bank IP-pledge loans are priced near the
 * LPR; a figure above this is a percentage typed as a fraction ("3.45" for 3.45 %).
 */
export const MAX_CONTRACT_RATE = '0.24';

/**
 * A loan's contract rate is a decimal fraction above zero (a subsidy is paid on interest, and an
 * interest-free loan has none) and at most MAX_CONTRACT_RATE.
 * @throws DomainError(INVALID_CONTRACT_RATE) with `{ field: 'annualRate', annualRate }`.
 */
export function assertContractRate(annualRate: string): void {
  const rate = tryParseDecimal(annualRate);
  if (!rate || rate.num <= 0n || compareFractions(rate, parseDecimal(MAX_CONTRACT_RATE)) > 0)
    throw new DomainError(
      'INVALID_CONTRACT_RATE',
      `annualRate ${annualRate} must be above 0 and at most ${MAX_CONTRACT_RATE}`,
      { field: 'annualRate', annualRate },
    );
}

// --- ending a case ---------------------------------------------------------------------------

/**
 * A step that ends or fails a case (reject, withdraw, declare a default) says why.
 * @throws DomainError(REASON_REQUIRED) with `message`.
 */
export function assertReason(reason: unknown, message = 'A reason is required'): void {
  if (typeof reason !== 'string' || reason.trim().length === 0)
    throw new DomainError('REASON_REQUIRED', message);
}

/**
 * How a disposal ended, as the disposal workflow reports it: a sale names its buyer, a
 * write-off its reason, the method is known, proceeds and costs are yuan amounts.
 * @throws DomainError(VALIDATION_FAILED), DomainError(REASON_REQUIRED),
 *   DomainError(INVALID_DISPOSAL_METHOD), DomainError(INVALID_AMOUNT)
 */
export function assertDisposalOutcome(outcome: DisposalOutcome): void {
  if (outcome.kind === 'SOLD' && !outcome.buyer)
    throw new DomainError('VALIDATION_FAILED', 'A sale names its buyer');
  if (outcome.kind === 'WRITTEN_OFF' && !outcome.reason?.trim())
    throw new DomainError('REASON_REQUIRED', 'A write-off needs a reason');
  if (outcome.method !== null && !DISPOSAL_METHODS.includes(outcome.method))
    throw new DomainError('INVALID_DISPOSAL_METHOD', `Unknown disposal method ${outcome.method}`);
  Money.ofYuan(outcome.proceeds);
  Money.ofYuan(outcome.costs);
}

// --- who may act -----------------------------------------------------------------------------

/**
 * Whether the actor's organisation takes part in this case: the case's bank, the valuation
 * firm asked for a report, any registration office, and the insurer or fund with a claim
 * payable by them. Other organisations may not act on it at all.
 */
export function organisationMayAct(
  snapshot: Pick<CaseSnapshot, 'application' | 'valuationRequest' | 'claims'>,
  actor: Actor,
): boolean {
  switch (actor.role) {
    case 'LOAN_OFFICER':
    case 'CREDIT_APPROVER':
      return actor.organisationId === snapshot.application.bankOrgId;
    case 'EVALUATOR':
      return snapshot.valuationRequest?.firmOrgId === actor.organisationId;
    case 'REGISTRATION_CLERK':
      return true;
    // The insurer and the fund act only on cases with a claim payable by them.
    case 'INSURER':
    case 'FUND_MANAGER':
      return (snapshot.claims ?? []).some(
        (c) =>
          c.payer === (actor.role === 'INSURER' ? 'INSURER' : 'FUND') &&
          c.payerOrgId === actor.organisationId,
      );
    default:
      return false;
  }
}
