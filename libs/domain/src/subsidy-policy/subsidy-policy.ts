import { isBusinessDate, compareDates } from '../business-date';
import { tryParseDecimal, type Fraction } from '../decimal';
import { DomainError, ErrorCodes } from '../errors';
import { ASSET_KINDS, type AssetKind } from '../ip-assets';
import { Money } from '../money';

export type SubsidyKind = 'INTEREST' | 'INSURANCE_PREMIUM';
export const SUBSIDY_KINDS: readonly SubsidyKind[] = ['INTEREST', 'INSURANCE_PREMIUM'];

export type LprTenor = 'ONE_YEAR' | 'FIVE_YEAR';
export const LPR_TENORS: readonly LprTenor[] = ['ONE_YEAR', 'FIVE_YEAR'];

/** Which LPR caps the interest: the one in force on the disbursement date, on the first day of
 *  the contract month, on the first day of the month before the contract, or at period start. */
export type LprReference =
  | 'DISBURSEMENT'
  | 'CONTRACT_MONTH'
  | 'MONTH_BEFORE_CONTRACT'
  | 'PERIOD_START';
export const LPR_REFERENCES: readonly LprReference[] = [
  'DISBURSEMENT',
  'CONTRACT_MONTH',
  'MONTH_BEFORE_CONTRACT',
  'PERIOD_START',
];

export type SubsidyTrigger = 'EACH_ON_TIME_REPAYMENT' | 'AFTER_SETTLEMENT';
export const SUBSIDY_TRIGGERS: readonly SubsidyTrigger[] = [
  'EACH_ON_TIME_REPAYMENT',
  'AFTER_SETTLEMENT',
];

/**
 * A district's subsidy policy as data (docs/domain.md, Subsidies). Ratios, shares and
 * multiples are decimal strings (`"0.5"`), money is two-decimal yuan strings, dates YYYY-MM-DD.
 */
export interface SubsidyPolicyTerms {
  /** Programme code this policy funds (e.g. 'JINSHAN-IP-INTEREST'); other policies may exclude it. */
  programme: string;
  eligibility: {
    /** Enterprise's registered district = policy district. */
    registeredInDistrict: boolean;
    smeOnly: boolean;
    /** At least one pledged asset of these kinds; [] = any. */
    assetKinds: AssetKind[];
    /** Fraction, e.g. "0.3"; the case's IP-secured share must reach it. */
    minIpShare: string;
    /** Case not OVERDUE/DEFAULTED at submission, no instalment past due. */
    performingOnly: boolean;
    /** At least one asset pledged for the first time. */
    firstPledgeOnly: boolean;
    /** A loan period already subsidised by these programmes is ineligible. */
    excludesProgrammes: string[];
  };
  /** INTEREST only; null = base is the interest actually paid, uncapped. */
  lprCap: { reference: LprReference; tenor: LprTenor; multiple: string } | null;
  /** Share of the IP-secured base that is paid, e.g. "0.5". */
  ratio: string;
  /** Months from disbursement that can be subsidised (periods must end within); null = whole term. */
  subsidisedMonths: number | null;
  /** Yuan strings (normalised to two decimals) or null (no cap). */
  caps: {
    perLoan: string | null;
    perEnterprisePerYear: string | null;
    perEnterpriseCumulative: string | null;
  };
  trigger: SubsidyTrigger;
  /** Repayment dates (of the claimed period's instalments) must fall in this window; null = open. */
  window: { repaidFrom: string | null; repaidTo: string | null };
  /** Proof codes the claimant must attach, e.g. ['APPLICATION','LOAN_CONTRACT','PLEDGE_CONTRACT']. */
  requiredProofs: string[];
  /**
   * A claim must be filed within this many working days (working calendar: holidays skipped,
   * make-up working days counted) after the day it became claimable; the last day is always a
   * working day. Absent or null: no filing deadline. Optional, unlike the other fields, because
   * versions published before it existed are immutable and keep meaning what they meant.
   */
  claimWindowWorkingDays?: number | null;
}

/** Programme codes: upper-case letters, digits, `-` and `_`, as they appear in claims and exclusions. */
const PROGRAMME_PATTERN = /^[A-Z0-9][A-Z0-9_-]{0,63}$/;
/** Proof codes: upper-case words joined by `_` (`LOAN_CONTRACT`). */
const PROOF_PATTERN = /^[A-Z][A-Z0-9_]{0,63}$/;
/** Longest subsidised period accepted, the longest loan term the engine books (30 years). */
const MAX_SUBSIDISED_MONTHS = 360;
/** About a working year: a longer window is a typo for a shorter one. */
export const MAX_CLAIM_WINDOW_WORKING_DAYS = 250;

function invalidPolicy(field: string, problem: string, value?: unknown): DomainError {
  return new DomainError(
    ErrorCodes.INVALID_POLICY,
    `Policy field ${field} ${problem}`,
    value === undefined ? { field } : { field, value },
    `补贴政策参数 ${field} 无效`,
  );
}

type Raw = Record<string, unknown>;

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An object with exactly `keys`: a missing or unknown key is a mistake in the policy, not a default. */
function record(
  value: unknown,
  field: string,
  keys: readonly string[],
  optional: readonly string[] = [],
): Raw {
  if (!isRecord(value)) throw invalidPolicy(field, 'must be an object');
  const prefix = field === 'terms' ? '' : `${field}.`;
  for (const key of Object.keys(value)) {
    if (!keys.includes(key) && !optional.includes(key))
      throw invalidPolicy(`${prefix}${key}`, 'is not a policy field');
  }
  for (const key of keys) {
    if (!(key in value)) throw invalidPolicy(`${prefix}${key}`, 'is missing');
  }
  return value;
}

function bool(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw invalidPolicy(field, 'must be true or false', value);
  return value;
}

function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw invalidPolicy(field, `must be one of ${allowed.join(', ')}`, value);
  }
  return value as T;
}

/** A decimal string within [min, max] (exclusive of min when `minExclusive`). */
function fraction(
  value: unknown,
  field: string,
  bounds: { minExclusive: boolean; max: Fraction | null },
): string {
  const f = typeof value === 'string' ? tryParseDecimal(value) : null;
  const aboveMin = f !== null && (bounds.minExclusive ? f.num > 0n : f.num >= 0n);
  const belowMax =
    f !== null && (bounds.max === null || f.num * bounds.max.den <= bounds.max.num * f.den);
  if (!aboveMin || !belowMax) {
    const range = `${bounds.minExclusive ? 'above 0' : 'at least 0'}${bounds.max ? ' and at most 1' : ''}`;
    throw invalidPolicy(field, `must be a decimal string ${range}, e.g. "0.5"`, value);
  }
  return value as string;
}

const ONE: Fraction = { num: 1n, den: 1n };

function codeList(value: unknown, field: string, pattern: RegExp): string[] {
  if (!Array.isArray(value)) throw invalidPolicy(field, 'must be a list');
  const codes = value.map((item, i) => {
    if (typeof item !== 'string' || !pattern.test(item)) {
      throw invalidPolicy(`${field}[${i}]`, `must be a code like "LOAN_CONTRACT"`, item);
    }
    return item;
  });
  if (new Set(codes).size !== codes.length) throw invalidPolicy(field, 'lists a code twice', value);
  return codes;
}

function yuanOrNull(value: unknown, field: string): string | null {
  if (value === null) return null;
  let amount: Money;
  try {
    amount = Money.ofYuan(value as string);
  } catch {
    throw invalidPolicy(field, 'must be a yuan amount like "50000.00" or null', value);
  }
  if (!amount.isPositive()) throw invalidPolicy(field, 'must be above zero (null = no cap)', value);
  return amount.toYuan();
}

function dateOrNull(value: unknown, field: string): string | null {
  if (value === null) return null;
  if (typeof value !== 'string' || !isBusinessDate(value)) {
    throw invalidPolicy(field, 'must be a date YYYY-MM-DD or null', value);
  }
  return value;
}

/**
 * Parses and checks untrusted policy terms (from the API or the seed). Every field is required
 * (null where the contract allows it) and unknown fields are refused, so a typo cannot silently
 * drop a condition. Returns a fresh object; cap amounts come back with two decimals.
 * @throws DomainError('INVALID_POLICY', message naming the field, { field })
 */
export function parsePolicyTerms(kind: SubsidyKind, raw: unknown): SubsidyPolicyTerms {
  oneOf(kind, 'kind', SUBSIDY_KINDS);
  const terms = record(
    raw,
    'terms',
    [
      'programme',
      'eligibility',
      'lprCap',
      'ratio',
      'subsidisedMonths',
      'caps',
      'trigger',
      'window',
      'requiredProofs',
    ],
    ['claimWindowWorkingDays'],
  );

  if (typeof terms.programme !== 'string' || !PROGRAMME_PATTERN.test(terms.programme)) {
    throw invalidPolicy('programme', 'must be a code like "JINSHAN-IP-INTEREST"', terms.programme);
  }
  const programme = terms.programme;

  const e = record(terms.eligibility, 'eligibility', [
    'registeredInDistrict',
    'smeOnly',
    'assetKinds',
    'minIpShare',
    'performingOnly',
    'firstPledgeOnly',
    'excludesProgrammes',
  ]);
  if (!Array.isArray(e.assetKinds)) throw invalidPolicy('eligibility.assetKinds', 'must be a list');
  const assetKinds = e.assetKinds.map((k, i) =>
    oneOf(k, `eligibility.assetKinds[${i}]`, ASSET_KINDS),
  );
  if (new Set(assetKinds).size !== assetKinds.length) {
    throw invalidPolicy('eligibility.assetKinds', 'lists a kind twice', e.assetKinds);
  }
  const excludesProgrammes = codeList(
    e.excludesProgrammes,
    'eligibility.excludesProgrammes',
    PROGRAMME_PATTERN,
  );
  // Excluding itself would make every period after the first ineligible.
  if (excludesProgrammes.includes(programme)) {
    throw invalidPolicy(
      'eligibility.excludesProgrammes',
      'must not exclude its own programme',
      programme,
    );
  }
  const eligibility: SubsidyPolicyTerms['eligibility'] = {
    registeredInDistrict: bool(e.registeredInDistrict, 'eligibility.registeredInDistrict'),
    smeOnly: bool(e.smeOnly, 'eligibility.smeOnly'),
    assetKinds,
    minIpShare: fraction(e.minIpShare, 'eligibility.minIpShare', { minExclusive: false, max: ONE }),
    performingOnly: bool(e.performingOnly, 'eligibility.performingOnly'),
    firstPledgeOnly: bool(e.firstPledgeOnly, 'eligibility.firstPledgeOnly'),
    excludesProgrammes,
  };

  let lprCap: SubsidyPolicyTerms['lprCap'] = null;
  if (terms.lprCap !== null) {
    // A premium has no interest rate to cap.
    if (kind === 'INSURANCE_PREMIUM') {
      throw invalidPolicy('lprCap', 'must be null for an INSURANCE_PREMIUM policy', terms.lprCap);
    }
    const cap = record(terms.lprCap, 'lprCap', ['reference', 'tenor', 'multiple']);
    lprCap = {
      reference: oneOf(cap.reference, 'lprCap.reference', LPR_REFERENCES),
      tenor: oneOf(cap.tenor, 'lprCap.tenor', LPR_TENORS),
      multiple: fraction(cap.multiple, 'lprCap.multiple', { minExclusive: true, max: null }),
    };
  }

  const ratio = fraction(terms.ratio, 'ratio', { minExclusive: true, max: ONE });

  const months = terms.subsidisedMonths;
  if (
    months !== null &&
    (typeof months !== 'number' ||
      !Number.isInteger(months) ||
      months < 1 ||
      months > MAX_SUBSIDISED_MONTHS)
  ) {
    throw invalidPolicy(
      'subsidisedMonths',
      `must be a whole number of months 1–${MAX_SUBSIDISED_MONTHS} or null`,
      months,
    );
  }

  const c = record(terms.caps, 'caps', [
    'perLoan',
    'perEnterprisePerYear',
    'perEnterpriseCumulative',
  ]);
  const caps: SubsidyPolicyTerms['caps'] = {
    perLoan: yuanOrNull(c.perLoan, 'caps.perLoan'),
    perEnterprisePerYear: yuanOrNull(c.perEnterprisePerYear, 'caps.perEnterprisePerYear'),
    perEnterpriseCumulative: yuanOrNull(c.perEnterpriseCumulative, 'caps.perEnterpriseCumulative'),
  };

  const trigger = oneOf(terms.trigger, 'trigger', SUBSIDY_TRIGGERS);

  const w = record(terms.window, 'window', ['repaidFrom', 'repaidTo']);
  const window = {
    repaidFrom: dateOrNull(w.repaidFrom, 'window.repaidFrom'),
    repaidTo: dateOrNull(w.repaidTo, 'window.repaidTo'),
  };
  if (
    window.repaidFrom &&
    window.repaidTo &&
    compareDates(window.repaidFrom, window.repaidTo) > 0
  ) {
    throw invalidPolicy('window.repaidTo', 'must not be before window.repaidFrom', window.repaidTo);
  }

  const requiredProofs = codeList(terms.requiredProofs, 'requiredProofs', PROOF_PATTERN);

  const claimWindow = terms.claimWindowWorkingDays;
  if (
    claimWindow !== undefined &&
    claimWindow !== null &&
    (typeof claimWindow !== 'number' ||
      !Number.isInteger(claimWindow) ||
      claimWindow < 1 ||
      claimWindow > MAX_CLAIM_WINDOW_WORKING_DAYS)
  ) {
    throw invalidPolicy(
      'claimWindowWorkingDays',
      `must be a whole number of working days 1–${MAX_CLAIM_WINDOW_WORKING_DAYS} or null`,
      claimWindow,
    );
  }

  return {
    programme,
    eligibility,
    lprCap,
    ratio,
    subsidisedMonths: months as number | null,
    caps,
    trigger,
    window,
    requiredProofs,
    // Kept absent when absent, so a stored version reads back exactly as it was published.
    ...(claimWindow === undefined ? {} : { claimWindowWorkingDays: claimWindow as number | null }),
  };
}
