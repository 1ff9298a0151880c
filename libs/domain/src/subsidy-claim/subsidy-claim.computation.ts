/**
 * Builds a claim's computation from facts read in PostgreSQL, with the domain's pure subsidy
 * functions. No I/O here: the submission use case reads, this computes, the use case stores the
 * result frozen on the claim (policy terms, LPR, every input and every step).
 */
import {
  checkClaimablePeriods,
  checkClaimWindowOpen,
  claimWindowOf,
  instalmentClaimability,
  type ClaimWindowFact,
} from './subsidy-claim.claimable';
import { compareDates, maxDate } from '../business-date';
import type { WorkingCalendar } from '../calendar/working-calendar';
import { parseDecimal, type Fraction } from '../decimal';
import { DomainError } from '../errors';
import type { AssetKind } from '../ip-assets';
import { positionOf, type AccountPosition } from '../loan-account';
import { Money } from '../money';
import {
  capRemaining,
  computeInsuranceSubsidy,
  computeInterestSubsidy,
  evaluateEligibility,
  lprOn,
  lprReferenceDate,
  type CapKind,
  type EligibilityFacts,
  type LprEntry,
  type SubsidyPolicyTerms,
} from '../subsidy-policy';
import type { CaseFacts, InsuranceClaimRequest, InterestClaimRequest } from './subsidy-claim.types';

export interface PolicyInForce {
  id: string;
  version: number;
  districtCode: string;
  terms: SubsidyPolicyTerms;
}

export interface CapUsage {
  loan: Money;
  enterpriseYear: Money;
  enterpriseCumulative: Money;
}

export interface SubsidyClaimComputation {
  eligible: boolean;
  failures: { rule: string; message: string }[];
  amount: Money;
  limitedBy: 'CAP' | 'LPR' | null;
  /** The claim's period [start, end) (interest claims only). */
  period: { start: string; end: string } | null;
  /** The last day to file under the policy's claim window; null when it has none. */
  claimDeadline: string | null;
  /** The frozen record shown step by step on the claim; JSON with yuan strings. */
  record: Record<string, unknown>;
}

const ZERO: Fraction = { num: 0n, den: 1n };
const ONE: Fraction = { num: 1n, den: 1n };

/** Rules the system adds to the policy's own (the domain's `evaluateEligibility`). */
const MISSING_PROOFS = 'MISSING_PROOFS';
const NOTHING_TO_PAY = 'NOTHING_TO_PAY';

interface SnapshotView {
  application: {
    enterprise: { sme: boolean };
    assets: { kind: AssetKind; number: string }[];
  };
  approval: { ipSecuredShare?: string } | null;
  contract: { signedOn: string } | null;
}

/** Facts common to both kinds of claim, as of the submission's business date. */
function loanFacts(facts: CaseFacts, businessDate: string) {
  const detail = facts.detail as unknown as SnapshotView;
  const disbursement = facts.disbursement;
  if (!disbursement) {
    throw new DomainError(
      'CASE_NOT_DISBURSED',
      `Case ${facts.caseNumber} has no disbursement: there is nothing to subsidise yet`,
      { caseNumber: facts.caseNumber, status: facts.status },
    );
  }
  const position: AccountPosition = positionOf(facts.schedule, facts.repayments, businessDate);
  return {
    disbursement,
    position,
    contractDate: detail.contract?.signedOn ?? disbursement.valueDate,
    // Cases approved before the share was recorded read as wholly IP-secured.
    ipShare: detail.approval?.ipSecuredShare ?? '1',
    sme: detail.application.enterprise.sme,
    assetKinds: [...new Set(detail.application.assets.map((a) => a.kind))],
    firstPledge: facts.pledges.some((p) => p.firstPledge),
    performing:
      facts.status !== 'OVERDUE' && facts.status !== 'DEFAULTED' && position.daysPastDue === 0,
    settled: position.fullyRepaid,
    /** The day the last instalment was paid in full, once the loan is settled. */
    settledOn: settledOnOf(position),
  };
}

function settledOnOf(position: AccountPosition): string | null {
  if (!position.fullyRepaid) return null;
  const days = position.instalments.flatMap((i) => (i.settledOn ? [i.settledOn] : []));
  return days.length > 0 ? maxDate(days[0]!, ...days.slice(1)) : null;
}

/**
 * The policy's claim window over the days the claimed items became claimable (an
 * AFTER_SETTLEMENT policy pays only once the loan is settled: no item is claimable before),
 * refused with CLAIM_WINDOW_CLOSED when the business date is past its last day. Null when the
 * policy sets no window.
 */
function claimWindowFor(
  terms: SubsidyPolicyTerms,
  calendar: WorkingCalendar | null,
  claimableDates: readonly string[],
  loan: { settledOn: string | null },
  businessDate: string,
): ClaimWindowFact | null {
  const workingDays = terms.claimWindowWorkingDays ?? null;
  if (workingDays === null) return null;
  // Not a refusal: the caller forgot to read the calendar for a policy that needs it.
  if (!calendar) throw new Error('A policy with a claim window needs the working calendar');
  const settledOn = terms.trigger === 'AFTER_SETTLEMENT' ? loan.settledOn : null;
  const dates = settledOn ? claimableDates.map((d) => maxDate(d, settledOn)) : claimableDates;
  const window = claimWindowOf(calendar, dates, workingDays);
  checkClaimWindowOpen(window, businessDate);
  return window;
}

/** What the policy's eligibility rules look at, for the claimed instalments of the loan. */
function eligibilityFactsOf(
  policy: PolicyInForce,
  facts: CaseFacts,
  loan: ReturnType<typeof loanFacts>,
  claimed: {
    programmesAlreadyClaimed: string[];
    periodEnd: string;
    instalments: readonly { seq: number; dueDate: string }[];
  },
): EligibilityFacts {
  return {
    policyDistrictCode: policy.districtCode,
    enterpriseDistrictCode: facts.enterpriseDistrictCode,
    sme: loan.sme,
    assetKinds: loan.assetKinds,
    ipShare: loan.ipShare,
    performing: loan.performing,
    firstPledge: loan.firstPledge,
    programmesAlreadyClaimed: claimed.programmesAlreadyClaimed,
    disbursementDate: loan.disbursement.valueDate,
    periodEnd: claimed.periodEnd,
    instalments: claimed.instalments.map((row) => ({
      dueDate: row.dueDate,
      paidInFullOn: loan.position.instalments.find((i) => i.seq === row.seq)!.settledOn,
    })),
    settled: loan.settled,
  };
}

function missingProofs(terms: SubsidyPolicyTerms, proofs: string[]) {
  const missing = terms.requiredProofs.filter((p) => !proofs.includes(p));
  return missing.length === 0
    ? []
    : [
        {
          rule: MISSING_PROOFS,
          message: `proofs required by the policy are missing: ${missing.join(', ')}`,
        },
      ];
}

function capFailure(amount: Money, binding: CapKind | null) {
  if (amount.isPositive()) return [];
  return [
    {
      rule: NOTHING_TO_PAY,
      message: binding
        ? `the policy's ${binding} cap leaves no room for this claim`
        : 'the computed subsidy is zero',
    },
  ];
}

const usageJson = (used: CapUsage) => ({
  loan: used.loan.toYuan(),
  enterpriseYear: used.enterpriseYear.toYuan(),
  enterpriseCumulative: used.enterpriseCumulative.toYuan(),
});

/**
 * An interest claim over instalments `fromInstalment..toInstalment`: one line per instalment
 * (days from its period start to its due date, outstanding = its opening principal, interest
 * paid = interest the repayments allocated to it), the cap room shrinking line by line.
 * @throws DomainError('INVALID_INSTALMENT_RANGE') when the range is not on the schedule.
 */
export function computeInterestClaim(args: {
  policy: PolicyInForce;
  facts: CaseFacts;
  request: InterestClaimRequest;
  businessDate: string;
  lprTable: readonly LprEntry[];
  used: CapUsage;
  programmesAlreadyClaimed: string[];
  /** The working calendar, needed when the policy has a claim window. */
  calendar?: WorkingCalendar | null;
}): SubsidyClaimComputation {
  const { policy, facts, request, businessDate } = args;
  const { terms } = policy;
  const { fromInstalment, toInstalment } = request;
  if (fromInstalment < 1 || toInstalment < fromInstalment || toInstalment > facts.schedule.length) {
    throw new DomainError(
      'INVALID_INSTALMENT_RANGE',
      `Instalments ${fromInstalment}..${toInstalment} are not on the schedule of ${facts.caseNumber} (1..${facts.schedule.length})`,
      { fromInstalment, toInstalment, instalments: facts.schedule.length },
    );
  }
  const loan = loanFacts(facts, businessDate);
  const ipShare = parseDecimal(loan.ipShare);
  const ratio = parseDecimal(terms.ratio);
  const lprMultiple: Fraction = terms.lprCap ? parseDecimal(terms.lprCap.multiple) : ONE;
  const cap = capRemaining(terms.caps, args.used);

  let room = cap.remaining;
  let principalRepaidBefore = Money.zero();
  const lines: Record<string, unknown>[] = [];
  let amount = Money.zero();
  let anyCap = false;
  let anyLpr = false;
  const rows = facts.schedule.filter((r) => r.seq >= fromInstalment && r.seq <= toInstalment);
  for (const row of facts.schedule) {
    if (row.seq >= fromInstalment) break;
    principalRepaidBefore = principalRepaidBefore.plus(Money.ofYuan(row.principal));
  }
  for (const row of rows) {
    const paid = loan.position.instalments.find((i) => i.seq === row.seq)!;
    const outstanding = Money.ofYuan(loan.disbursement.amount).minus(principalRepaidBefore);
    let lpr: { referenceDate: string; effectiveFrom: string; rate: string } | null = null;
    if (terms.lprCap) {
      const referenceDate = lprReferenceDate(terms.lprCap.reference, {
        disbursementDate: loan.disbursement.valueDate,
        contractDate: loan.contractDate,
        periodStart: row.periodStart,
      });
      lpr = { referenceDate, ...lprOn(args.lprTable, referenceDate, terms.lprCap.tenor) };
    }
    const result = computeInterestSubsidy({
      interestPaid: Money.ofYuan(paid.interestPaid),
      outstandingPrincipal: outstanding,
      periodStart: row.periodStart,
      periodEnd: row.dueDate,
      lpr: lpr ? parseDecimal(lpr.rate) : ZERO,
      lprMultiple,
      lprCap: terms.lprCap !== null,
      ipShare,
      ratio,
      capRemaining: room,
    });
    lines.push({
      seq: row.seq,
      periodStart: row.periodStart,
      periodEnd: row.dueDate,
      days: result.days,
      dueDate: row.dueDate,
      paidInFullOn: paid.settledOn,
      interestDue: row.interest,
      interestPaid: paid.interestPaid,
      outstandingPrincipal: outstanding.toYuan(),
      lpr,
      lprInterest: terms.lprCap ? result.lprInterest.toYuan() : null,
      base: result.base.toYuan(),
      ipBase: result.ipBase.toYuan(),
      beforeCap: result.beforeCap.toYuan(),
      capRemaining: room?.toYuan() ?? null,
      subsidy: result.subsidy.toYuan(),
      limitedBy: result.limitedBy,
    });
    amount = amount.plus(result.subsidy);
    anyCap ||= result.limitedBy === 'CAP';
    anyLpr ||= result.limitedBy === 'LPR';
    room = room === null ? null : room.minus(result.subsidy);
    principalRepaidBefore = principalRepaidBefore.plus(Money.ofYuan(row.principal));
  }
  const period = { start: rows[0]!.periodStart, end: rows[rows.length - 1]!.dueDate };
  // One fact line per instalment, kept in the frozen facts; a period not ended or interest paid
  // before the period is refused with its own code.
  const claimability = rows.map((row) =>
    instalmentClaimability(
      row,
      loan.position.instalments.find((i) => i.seq === row.seq)!.settledOn,
      businessDate,
    ),
  );
  checkClaimablePeriods(claimability);
  // An instalment became claimable when its period ended and it was paid, whichever was later.
  const claimWindow = claimWindowFor(
    terms,
    args.calendar ?? null,
    claimability.flatMap((l) => (l.paidInFullOn ? [maxDate(l.dueDate, l.paidInFullOn)] : [])),
    loan,
    businessDate,
  );

  const eligibilityFacts = eligibilityFactsOf(policy, facts, loan, {
    programmesAlreadyClaimed: args.programmesAlreadyClaimed,
    periodEnd: period.end,
    instalments: rows,
  });
  const eligibility = evaluateEligibility(terms, eligibilityFacts);
  const failures = [
    ...eligibility.failures,
    ...missingProofs(terms, request.proofs),
    // Zero follows from most failures (nothing paid, say); said only when nothing else explains it.
    ...(eligibility.failures.length === 0 ? capFailure(amount, cap.binding) : []),
  ];
  const limitedBy = anyCap ? 'CAP' : anyLpr ? 'LPR' : null;
  return {
    eligible: failures.length === 0,
    failures,
    amount,
    limitedBy,
    period,
    claimDeadline: claimWindow?.deadline ?? null,
    record: {
      kind: 'INTEREST',
      policy: { id: policy.id, version: policy.version, districtCode: policy.districtCode, terms },
      businessDate,
      facts: {
        ...eligibilityFacts,
        contractDate: loan.contractDate,
        proofs: request.proofs,
        claimability,
        claimWindow,
      },
      caps: {
        used: usageJson(args.used),
        remaining: cap.remaining?.toYuan() ?? null,
        binding: cap.binding,
      },
      lines,
      total: { subsidy: amount.toYuan(), limitedBy },
      eligibility: { eligible: failures.length === 0, failures },
    },
  };
}

/**
 * An insurance-premium claim: premium × IP share × ratio, then the caps. The loan's instalments
 * due by the business date stand in for "repaid on time" (and the window, for AFTER_SETTLEMENT).
 */
export function computeInsuranceClaim(args: {
  policy: PolicyInForce;
  facts: CaseFacts;
  request: InsuranceClaimRequest;
  businessDate: string;
  used: CapUsage;
  programmesAlreadyClaimed: string[];
  /** The working calendar, needed when the policy has a claim window. */
  calendar?: WorkingCalendar | null;
}): SubsidyClaimComputation {
  const { policy, facts, request, businessDate } = args;
  const { terms } = policy;
  const loan = loanFacts(facts, businessDate);
  // A premium is claimable from the day it was paid.
  const claimWindow = claimWindowFor(
    terms,
    args.calendar ?? null,
    [request.premiumPaidOn],
    loan,
    businessDate,
  );
  const cap = capRemaining(terms.caps, args.used);
  const premium = Money.ofYuan(request.premium);
  const result = computeInsuranceSubsidy({
    premium,
    ipShare: parseDecimal(loan.ipShare),
    ratio: parseDecimal(terms.ratio),
    capRemaining: cap.remaining,
  });
  const due = facts.schedule.filter((row) => compareDates(row.dueDate, businessDate) <= 0);
  const eligibilityFacts = eligibilityFactsOf(policy, facts, loan, {
    programmesAlreadyClaimed: args.programmesAlreadyClaimed,
    periodEnd: request.premiumPaidOn,
    instalments: due,
  });
  const eligibility = evaluateEligibility(terms, eligibilityFacts);
  const failures = [
    ...eligibility.failures,
    ...missingProofs(terms, request.proofs),
    ...(eligibility.failures.length === 0 ? capFailure(result.subsidy, cap.binding) : []),
  ];
  return {
    eligible: failures.length === 0,
    failures,
    amount: result.subsidy,
    limitedBy: result.limitedBy,
    period: null,
    claimDeadline: claimWindow?.deadline ?? null,
    record: {
      kind: 'INSURANCE_PREMIUM',
      policy: { id: policy.id, version: policy.version, districtCode: policy.districtCode, terms },
      businessDate,
      facts: {
        ...eligibilityFacts,
        contractDate: loan.contractDate,
        proofs: request.proofs,
        insurerOrgId: request.insurerOrgId,
        insurancePolicyNumber: request.insurancePolicyNumber,
        premiumPaidOn: request.premiumPaidOn,
        claimWindow,
      },
      caps: {
        used: usageJson(args.used),
        remaining: cap.remaining?.toYuan() ?? null,
        binding: cap.binding,
      },
      premium: {
        premium: premium.toYuan(),
        ipShare: loan.ipShare,
        ipBase: result.ipBase.toYuan(),
        ratio: terms.ratio,
        beforeCap: result.beforeCap.toYuan(),
        capRemaining: cap.remaining?.toYuan() ?? null,
        subsidy: result.subsidy.toYuan(),
        limitedBy: result.limitedBy,
      },
      total: { subsidy: result.subsidy.toYuan(), limitedBy: result.limitedBy },
      eligibility: { eligible: failures.length === 0, failures },
    },
  };
}
