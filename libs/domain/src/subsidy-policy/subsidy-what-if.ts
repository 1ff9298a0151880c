import { assertBusinessDate, compareDates } from '../business-date';
import { compareFractions, parseDecimal, type Fraction } from '../decimal';
import { DomainError, ErrorCodes } from '../errors';
import { Money } from '../money';
import {
  capRemaining,
  computeInsuranceSubsidy,
  computeInterestSubsidy,
} from './subsidy-calculation';
import { parseIpShare, subsidisedUntil } from './subsidy-eligibility';
import { lprOn, lprReferenceDate, type LprEntry } from './subsidy-lpr';
import { parsePolicyTerms, type SubsidyKind, type SubsidyPolicyTerms } from './subsidy-policy';

/** A past claim as recorded, re-run under a draft policy. */
export interface WhatIfClaim {
  claimId: string;
  districtCode: string;
  kind: SubsidyKind;
  caseNumber: string;
  enterpriseUscc: string;
  /** Its month (YYYY-MM) and budget year key the result. */
  submittedOn: string;
  /** What was actually paid (0 if not paid). */
  paid: Money;
  // inputs as recorded on the claim:
  interestPaid: Money;
  outstandingPrincipal: Money;
  periodStart: string;
  periodEnd: string;
  premium: Money | null;
  ipShare: string;
  lprDates: { disbursementDate: string; contractDate: string };
}

export interface WhatIfRow {
  districtCode: string;
  /** YYYY-MM of submission. */
  month: string;
  claims: number;
  wouldPay: Money;
  paid: Money;
}

const ZERO_LPR: Fraction = { num: 0n, den: 1n };
const ONE: Fraction = { num: 1n, den: 1n };

/**
 * What-if: re-run a draft policy over past claims. Only claims of the draft's district and kind
 * are taken (a draft says nothing about another district's money). Claims are processed in
 * `submittedOn` order (then by id, so the result does not depend on the input order) and caps
 * accumulate per loan / enterprise-year / enterprise as the draft says, from the amounts the
 * draft would pay. Of the eligibility rules, the draft's minimum IP share and subsidised months
 * are applied (they need only the recorded inputs; a claim failing them would pay 0); the rules
 * that need the case's history at submission are taken as the claim met them.
 * Rows are per district and month of submission, sorted.
 * @throws DomainError('INVALID_POLICY') for invalid draft terms, ('LPR_NOT_FOUND') when the
 *   table has no rate for a reference date, ('INVALID_SUBSIDY_INPUT') for a malformed claim.
 */
export function simulatePolicy(
  draft: { districtCode: string; kind: SubsidyKind; terms: SubsidyPolicyTerms },
  claims: readonly WhatIfClaim[],
  lprTable: readonly LprEntry[],
): WhatIfRow[] {
  const terms = parsePolicyTerms(draft.kind, draft.terms);
  const ratio = parseDecimal(terms.ratio, ErrorCodes.INVALID_POLICY);
  const minIpShare = parseDecimal(terms.eligibility.minIpShare, ErrorCodes.INVALID_POLICY);
  const relevant = claims
    .filter((c) => c.districtCode === draft.districtCode && c.kind === draft.kind)
    .map((c) => ({ ...c, submittedOn: assertBusinessDate(c.submittedOn, 'submittedOn') }))
    .sort((a, b) => compareDates(a.submittedOn, b.submittedOn) || compare(a.claimId, b.claimId));

  const usedByLoan = new Map<string, Money>();
  const usedByEnterpriseYear = new Map<string, Money>();
  const usedByEnterprise = new Map<string, Money>();
  const rows = new Map<string, WhatIfRow>();
  const used = (map: Map<string, Money>, key: string) => map.get(key) ?? Money.zero();

  for (const claim of relevant) {
    const month = claim.submittedOn.slice(0, 7);
    const enterpriseYear = `${claim.enterpriseUscc}|${claim.submittedOn.slice(0, 4)}`;
    const rowKey = `${claim.districtCode}|${month}`;
    const row = rows.get(rowKey) ?? {
      districtCode: claim.districtCode,
      month,
      claims: 0,
      wouldPay: Money.zero(),
      paid: Money.zero(),
    };
    rows.set(rowKey, row);
    row.claims += 1;
    row.paid = row.paid.plus(claim.paid);

    const ipShare = parseIpShare(claim.ipShare);
    const until = subsidisedUntil(terms, claim.lprDates.disbursementDate);
    const withinDraftRules =
      compareFractions(ipShare, minIpShare) >= 0 &&
      (until === null || compareDates(claim.periodEnd, until) <= 0);
    if (!withinDraftRules) continue;

    const { remaining } = capRemaining(terms.caps, {
      loan: used(usedByLoan, claim.caseNumber),
      enterpriseYear: used(usedByEnterpriseYear, enterpriseYear),
      enterpriseCumulative: used(usedByEnterprise, claim.enterpriseUscc),
    });
    const subsidy =
      draft.kind === 'INTEREST'
        ? interestUnderDraft(terms, claim, lprTable, ipShare, ratio, remaining)
        : computeInsuranceSubsidy({
            premium: premiumOf(claim),
            ipShare,
            ratio,
            capRemaining: remaining,
          }).subsidy;

    row.wouldPay = row.wouldPay.plus(subsidy);
    usedByLoan.set(claim.caseNumber, used(usedByLoan, claim.caseNumber).plus(subsidy));
    usedByEnterpriseYear.set(
      enterpriseYear,
      used(usedByEnterpriseYear, enterpriseYear).plus(subsidy),
    );
    usedByEnterprise.set(
      claim.enterpriseUscc,
      used(usedByEnterprise, claim.enterpriseUscc).plus(subsidy),
    );
  }
  return [...rows.values()].sort(
    (a, b) => compare(a.districtCode, b.districtCode) || compare(a.month, b.month),
  );
}

function interestUnderDraft(
  terms: SubsidyPolicyTerms,
  claim: WhatIfClaim,
  lprTable: readonly LprEntry[],
  ipShare: Fraction,
  ratio: Fraction,
  remaining: Money | null,
): Money {
  const cap = terms.lprCap;
  const lpr =
    cap === null
      ? ZERO_LPR
      : parseDecimal(
          lprOn(
            lprTable,
            lprReferenceDate(cap.reference, { ...claim.lprDates, periodStart: claim.periodStart }),
            cap.tenor,
          ).rate,
        );
  return computeInterestSubsidy({
    interestPaid: claim.interestPaid,
    outstandingPrincipal: claim.outstandingPrincipal,
    periodStart: claim.periodStart,
    periodEnd: claim.periodEnd,
    lpr,
    lprMultiple: cap === null ? ONE : parseDecimal(cap.multiple, ErrorCodes.INVALID_POLICY),
    lprCap: cap !== null,
    ipShare,
    ratio,
    capRemaining: remaining,
  }).subsidy;
}

function premiumOf(claim: WhatIfClaim): Money {
  if (claim.premium === null) {
    throw new DomainError(
      ErrorCodes.INVALID_SUBSIDY_INPUT,
      `Claim ${claim.claimId} is an insurance-premium claim without a premium`,
      { field: 'premium', claimId: claim.claimId },
    );
  }
  return claim.premium;
}

/** Plain code-unit order: stable across locales, unlike localeCompare. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
