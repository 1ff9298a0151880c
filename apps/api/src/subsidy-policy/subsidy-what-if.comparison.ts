/**
 * What-if of a draft policy: a district's past claims re-run under the draft, month by month,
 * against what was paid. Pure: the service loads the claims and the LPR table, this compares.
 */
import {
  addMonthsClamped,
  assertBusinessDate,
  compareDates,
} from '../../../../libs/domain/src/business-date';
import { DomainError } from '../../../../libs/domain/src/errors';
import { Money } from '../../../../libs/domain/src/money';
import {
  evaluateEligibility,
  simulatePolicy,
  type EligibilityFacts,
  type LprEntry,
  type SubsidyKind,
  type SubsidyPolicyTerms,
  type WhatIfClaim,
} from '../../../../libs/domain/src/subsidy-policy';
import type { SubsidyClaimRow } from '../../../../libs/domain/src/subsidy-claim';

/** Longest range a what-if may cover: three budget years of claims are plenty to decide on. */
export const WHAT_IF_MAX_MONTHS = 36;

export interface DraftPolicy {
  districtCode: string;
  kind: SubsidyKind;
  terms: SubsidyPolicyTerms;
}

export interface WhatIfFigures {
  /** Claims submitted (every stored claim was eligible under the policy in force then). */
  claims: number;
  /** Of those, the claims the draft's eligibility rules would have refused (they pay 0). */
  ineligibleUnderDraft: number;
  wouldPay: string;
  /** Paid and kept: PAID claims' payments; a clawed-back payment came back and counts 0. */
  paid: string;
  /** wouldPay − paid: positive when the draft would have cost more. */
  difference: string;
}

export interface WhatIfMonth extends WhatIfFigures {
  /** YYYY-MM of submission. */
  month: string;
}

export interface WhatIfComparison {
  districtCode: string;
  kind: SubsidyKind;
  from: string;
  to: string;
  months: WhatIfMonth[];
  totals: WhatIfFigures;
}

/** The facts the submission recorded on the claim (libs/domain/src/subsidy-claim/subsidy-claim.computation.ts). */
interface RecordedFacts extends EligibilityFacts {
  contractDate: string;
}

interface RecordedLine {
  seq: number;
  periodStart: string;
  periodEnd: string;
  interestPaid: string;
  outstandingPrincipal: string;
}

const RECORDED_FACTS: (keyof RecordedFacts)[] = [
  'enterpriseDistrictCode',
  'sme',
  'assetKinds',
  'ipShare',
  'performing',
  'firstPledge',
  'programmesAlreadyClaimed',
  'disbursementDate',
  'contractDate',
  'periodEnd',
  'instalments',
  'settled',
];

/**
 * A past date range of submissions: from ≤ to ≤ today, and shorter than
 * {@link WHAT_IF_MAX_MONTHS} months.
 * @throws DomainError('INVALID_DATE_RANGE', …, { from, to }); DomainError(INVALID_DATE) for a
 *   date that does not exist.
 */
export function checkWhatIfRange(from: string, to: string, today: string): void {
  assertBusinessDate(from, 'from');
  assertBusinessDate(to, 'to');
  const refuse = (why: string) =>
    new DomainError('INVALID_DATE_RANGE', `${from}..${to}: ${why}`, { from, to, today });
  if (compareDates(from, to) > 0) throw refuse('from is after to');
  if (compareDates(to, today) > 0) throw refuse(`a what-if looks back: to is after ${today}`);
  if (compareDates(to, addMonthsClamped(from, WHAT_IF_MAX_MONTHS)) >= 0) {
    throw refuse(`at most ${WHAT_IF_MAX_MONTHS / 12} years`);
  }
}

/**
 * Re-runs `claims` (the district's claims of the draft's kind submitted in the range) under the
 * draft and compares, per month of submission, what it would have paid with what was paid.
 *
 * - Eligibility: the draft's rules are checked against the facts each claim recorded at
 *   submission (SME, asset kinds, IP share, first pledge, repayment dates, window, settlement…);
 *   a claim they refuse would pay 0. Proofs are not checked: a claimant supplies what is asked.
 * - Amounts: `simulatePolicy` on the recorded inputs, one computation line at a time (an interest
 *   claim covers several instalments, each with its own outstanding principal), so a draft equal
 *   to the policy in force reproduces every claim to the fen.
 * - Caps accumulate in submission order from the start of the range: claims before it are not
 *   loaded, so they use none of the draft's cap room.
 * Months without claims are listed with zeros, so the answer covers the whole range.
 */
export function compareDraftWithPaid(
  draft: DraftPolicy,
  claims: readonly SubsidyClaimRow[],
  lprTable: readonly LprEntry[],
  range: { from: string; to: string },
): WhatIfComparison {
  const tallies = new Map<string, { claims: number; ineligible: number; paid: Money }>();
  for (const month of monthsOf(range.from, range.to)) {
    tallies.set(month, { claims: 0, ineligible: 0, paid: Money.zero() });
  }
  const simulated: WhatIfClaim[] = [];
  for (const claim of claims) {
    const tally = tallies.get(claim.submittedOn.slice(0, 7));
    if (!tally)
      throw new Error(`Claim ${claim.id} was submitted outside ${range.from}..${range.to}`);
    const paid = claim.status === 'PAID' ? Money.ofYuan(claim.paidAmount!) : Money.zero();
    tally.claims += 1;
    tally.paid = tally.paid.plus(paid);
    const facts = recordedFacts(claim);
    const { eligible } = evaluateEligibility(draft.terms, {
      ...facts,
      policyDistrictCode: draft.districtCode,
    });
    if (!eligible) {
      tally.ineligible += 1;
      continue;
    }
    simulated.push(...whatIfInputs(claim, facts, paid));
  }

  // simulatePolicy's rows count lines of eligible claims; the tallies above count claims.
  const wouldPay = new Map(
    simulatePolicy(draft, simulated, lprTable).map((row) => [row.month, row.wouldPay]),
  );
  const figures = (c: number, ineligible: number, would: Money, paid: Money): WhatIfFigures => ({
    claims: c,
    ineligibleUnderDraft: ineligible,
    wouldPay: would.toYuan(),
    paid: paid.toYuan(),
    difference: would.minus(paid).toYuan(),
  });
  const months = [...tallies].map(([month, t]) => ({
    month,
    ...figures(t.claims, t.ineligible, wouldPay.get(month) ?? Money.zero(), t.paid),
  }));
  const all = [...tallies.values()];
  return {
    districtCode: draft.districtCode,
    kind: draft.kind,
    from: range.from,
    to: range.to,
    months,
    totals: figures(
      all.reduce((n, t) => n + t.claims, 0),
      all.reduce((n, t) => n + t.ineligible, 0),
      Money.sum(wouldPay.values()),
      Money.sum(all.map((t) => t.paid)),
    ),
  };
}

/**
 * The claim's recorded inputs as `simulatePolicy` takes them: one entry per computation line of
 * an interest claim, one for a premium. The key leads with the submission sequence because
 * simulatePolicy orders a day's claims by key: caps then fill in the order claims really came.
 */
function whatIfInputs(claim: SubsidyClaimRow, facts: RecordedFacts, paid: Money): WhatIfClaim[] {
  const key = (line: number) =>
    `${String(claim.submissionSeq).padStart(12, '0')}/${claim.id}/${String(line).padStart(3, '0')}`;
  const common = {
    districtCode: claim.districtCode,
    kind: claim.kind,
    caseNumber: claim.caseNumber,
    enterpriseUscc: claim.enterpriseUscc,
    submittedOn: claim.submittedOn,
    ipShare: facts.ipShare,
    lprDates: { disbursementDate: facts.disbursementDate, contractDate: facts.contractDate },
  };
  if (claim.kind === 'INSURANCE_PREMIUM') {
    return [
      {
        ...common,
        claimId: key(1),
        paid,
        interestPaid: Money.zero(),
        outstandingPrincipal: Money.zero(),
        // The premium's date stands where a period would (as at submission).
        periodStart: facts.periodEnd,
        periodEnd: facts.periodEnd,
        premium: Money.ofYuan(claim.premium!),
      },
    ];
  }
  const lines = claim.computation.lines as RecordedLine[] | undefined;
  if (!lines || lines.length === 0) throw notRecorded(claim, ['lines']);
  // The claim's payment rides on its first line; the comparison takes only wouldPay anyway.
  return lines.map((line, index) => ({
    ...common,
    claimId: key(line.seq),
    paid: index === 0 ? paid : Money.zero(),
    interestPaid: Money.ofYuan(line.interestPaid),
    outstandingPrincipal: Money.ofYuan(line.outstandingPrincipal),
    periodStart: line.periodStart,
    periodEnd: line.periodEnd,
    premium: null,
  }));
}

function recordedFacts(claim: SubsidyClaimRow): RecordedFacts {
  const facts = (claim.computation.facts ?? {}) as Partial<RecordedFacts>;
  const missing = RECORDED_FACTS.filter((key) => facts[key] === undefined);
  if (missing.length > 0) throw notRecorded(claim, missing);
  return facts as RecordedFacts;
}

/** Every claim records its inputs at submission; one that does not is a defect, not bad input. */
function notRecorded(claim: SubsidyClaimRow, missing: string[]): Error {
  return new Error(`Claim ${claim.id} does not record ${missing.join(', ')}; cannot re-run it`);
}

/** YYYY-MM of every month from `from` to `to`, both included. */
function monthsOf(from: string, to: string): string[] {
  const months: string[] = [];
  for (let day = `${from.slice(0, 7)}-01`; compareDates(day, to) <= 0; ) {
    months.push(day.slice(0, 7));
    day = addMonthsClamped(day, 1);
  }
  return months;
}
