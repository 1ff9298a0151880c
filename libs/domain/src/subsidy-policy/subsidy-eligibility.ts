import { addMonthsClamped, compareDates } from '../business-date';
import { compareFractions, formatDecimal, parseDecimal, type Fraction } from '../decimal';
import { ErrorCodes } from '../errors';
import type { AssetKind } from '../ip-assets';
import type { SubsidyPolicyTerms } from './subsidy-policy';

export interface EligibilityFacts {
  policyDistrictCode: string;
  enterpriseDistrictCode: string;
  sme: boolean;
  /** Kinds of the assets pledged for this loan. */
  assetKinds: AssetKind[];
  /** IP-secured share of the loan as a fraction string (`"0.6"`). */
  ipShare: string;
  /** Case not OVERDUE/DEFAULTED at submission and no instalment past due. */
  performing: boolean;
  /** At least one pledged asset is pledged for the first time. */
  firstPledge: boolean;
  /** Programmes that already subsidised this loan (any period). */
  programmesAlreadyClaimed: string[];
  disbursementDate: string;
  /** End of the claimed period (exclusive). */
  periodEnd: string;
  /** Dates the claimed period's instalments were paid in full, with their due dates. */
  instalments: { dueDate: string; paidInFullOn: string | null }[];
  /** The loan is fully repaid (for AFTER_SETTLEMENT). */
  settled: boolean;
}

/** Every rule a claim can fail, in the order they are checked and reported. */
export const ELIGIBILITY_RULES = {
  REGISTERED_IN_DISTRICT: 'the enterprise must be registered in the policy district',
  SME_ONLY: 'only small and medium enterprises qualify',
  ASSET_KIND: 'at least one pledged asset must be of a kind the policy names',
  MIN_IP_SHARE: 'IP must secure at least the minimum share of the credit',
  PERFORMING: 'the loan must be performing',
  FIRST_PLEDGE: 'at least one asset must be pledged for the first time',
  EXCLUDED_PROGRAMME: 'the loan is already subsidised by a programme this policy excludes',
  SUBSIDISED_MONTHS: 'the period must end within the subsidised months from disbursement',
  NO_REPAYMENT: 'the subsidy follows a repayment, and the period has none',
  INSTALMENT_UNPAID: "the period's instalments must be paid in full",
  REPAID_LATE: "the period's instalments must be paid on or before their due dates",
  REPAID_OUTSIDE_WINDOW: 'repayments must fall within the policy window',
  NOT_SETTLED: 'the subsidy is paid only after the loan is settled',
} as const;
export type EligibilityRule = keyof typeof ELIGIBILITY_RULES;

export interface EligibilityFailure {
  rule: EligibilityRule;
  message: string;
}

/** The date up to which (exclusive) periods may be subsidised; null = the whole term. */
export function subsidisedUntil(
  terms: SubsidyPolicyTerms,
  disbursementDate: string,
): string | null {
  return terms.subsidisedMonths === null
    ? null
    : addMonthsClamped(disbursementDate, terms.subsidisedMonths);
}

/** The IP-secured share as an exact fraction; a malformed share is the caller's input error. */
export function parseIpShare(text: string): Fraction {
  return parseDecimal(text, ErrorCodes.INVALID_SUBSIDY_INPUT);
}

const show = (f: Fraction): string => formatDecimal(f, 4);

/**
 * Every failing rule, not just the first: the district sees all the reasons at once. Both
 * triggers require the claimed period's instalments paid in full on or before their due dates
 * (inside the window); AFTER_SETTLEMENT also requires the loan settled, EACH_ON_TIME_REPAYMENT
 * at least one instalment in the period.
 * @throws DomainError('INVALID_SUBSIDY_INPUT') for a malformed ipShare;
 *   DomainError(INVALID_DATE) for a malformed date.
 */
export function evaluateEligibility(
  terms: SubsidyPolicyTerms,
  facts: EligibilityFacts,
): { eligible: boolean; failures: EligibilityFailure[] } {
  const failures: EligibilityFailure[] = [];
  const fail = (rule: EligibilityRule, detail: string) =>
    failures.push({ rule, message: `${ELIGIBILITY_RULES[rule]}: ${detail}` });
  const e = terms.eligibility;

  if (e.registeredInDistrict && facts.enterpriseDistrictCode !== facts.policyDistrictCode) {
    fail(
      'REGISTERED_IN_DISTRICT',
      `registered in ${facts.enterpriseDistrictCode}, the policy is ${facts.policyDistrictCode}'s`,
    );
  }
  if (e.smeOnly && !facts.sme) fail('SME_ONLY', 'the enterprise is not an SME');
  if (e.assetKinds.length > 0 && !facts.assetKinds.some((k) => e.assetKinds.includes(k))) {
    fail(
      'ASSET_KIND',
      `pledged ${facts.assetKinds.join(', ') || 'nothing'}, the policy names ${e.assetKinds.join(', ')}`,
    );
  }
  const ipShare = parseIpShare(facts.ipShare);
  const minIpShare = parseDecimal(e.minIpShare, ErrorCodes.INVALID_POLICY);
  if (compareFractions(ipShare, minIpShare) < 0) {
    fail('MIN_IP_SHARE', `IP secures ${show(ipShare)}, the policy requires ${show(minIpShare)}`);
  }
  if (e.performingOnly && !facts.performing)
    fail('PERFORMING', 'the loan is overdue or in default');
  if (e.firstPledgeOnly && !facts.firstPledge) {
    fail('FIRST_PLEDGE', 'every pledged asset has been pledged before');
  }
  const excluded = facts.programmesAlreadyClaimed.filter((p) => e.excludesProgrammes.includes(p));
  if (excluded.length > 0)
    fail('EXCLUDED_PROGRAMME', `already subsidised by ${excluded.join(', ')}`);

  const until = subsidisedUntil(terms, facts.disbursementDate);
  if (until !== null && compareDates(facts.periodEnd, until) > 0) {
    fail(
      'SUBSIDISED_MONTHS',
      `the period ends ${facts.periodEnd}, ${terms.subsidisedMonths} months from ` +
        `disbursement on ${facts.disbursementDate} end ${until}`,
    );
  }

  if (terms.trigger === 'EACH_ON_TIME_REPAYMENT' && facts.instalments.length === 0) {
    fail('NO_REPAYMENT', 'no instalment falls in the claimed period');
  }
  const unpaid = facts.instalments.filter((i) => i.paidInFullOn === null);
  if (unpaid.length > 0) {
    fail('INSTALMENT_UNPAID', `due ${unpaid.map((i) => i.dueDate).join(', ')} not paid in full`);
  }
  const paid = facts.instalments.flatMap((i) =>
    i.paidInFullOn === null ? [] : [{ dueDate: i.dueDate, paidOn: i.paidInFullOn }],
  );
  const late = paid.filter((i) => compareDates(i.paidOn, i.dueDate) > 0);
  if (late.length > 0) {
    fail('REPAID_LATE', late.map((i) => `due ${i.dueDate} paid ${i.paidOn}`).join(', '));
  }
  const { repaidFrom, repaidTo } = terms.window;
  const outside = paid.filter(
    (i) =>
      (repaidFrom !== null && compareDates(i.paidOn, repaidFrom) < 0) ||
      (repaidTo !== null && compareDates(i.paidOn, repaidTo) > 0),
  );
  if (outside.length > 0) {
    fail(
      'REPAID_OUTSIDE_WINDOW',
      `paid ${outside.map((i) => i.paidOn).join(', ')}, window ${repaidFrom ?? 'open'} to ${repaidTo ?? 'open'}`,
    );
  }
  if (terms.trigger === 'AFTER_SETTLEMENT' && !facts.settled) {
    fail('NOT_SETTLED', 'the loan is not fully repaid');
  }
  return { eligible: failures.length === 0, failures };
}
