import { addMonthsClamped, compareDates, type BusinessDate } from './business-date';

export const ASSET_KINDS = [
  'INVENTION_PATENT',
  'UTILITY_MODEL_PATENT',
  'DESIGN_PATENT',
  'TRADEMARK',
  'SOFTWARE_COPYRIGHT',
] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

export const LEGAL_STATUSES = [
  'PENDING',
  'IN_FORCE',
  'LAPSED',
  'INVALIDATED',
  'INVALIDATION_PENDING',
  'FROZEN',
  'OWNERSHIP_DISPUTE',
] as const;
export type LegalStatus = (typeof LEGAL_STATUSES)[number];

export function isPatent(kind: AssetKind): boolean {
  return kind === 'INVENTION_PATENT' || kind === 'UTILITY_MODEL_PATENT' || kind === 'DESIGN_PATENT';
}

/**
 * The longest an asset of each kind can still run from today, in years: a patent's term from its
 * filing date (invention 20, utility model 10, design 15), a trademark's ten years plus the
 * renewal made up to a year early, a software copyright's fifty years to the end of the fiftieth.
 * An expiry date beyond that is a typing error, not a fact.
 */
export const MAX_REMAINING_TERM_YEARS: Readonly<Record<AssetKind, number>> = {
  INVENTION_PATENT: 20,
  UTILITY_MODEL_PATENT: 10,
  DESIGN_PATENT: 15,
  TRADEMARK: 11,
  SOFTWARE_COPYRIGHT: 51,
};

/** One reason a register record cannot be true. */
export interface AssetRecordProblem {
  field: 'title' | 'grantDate' | 'expiryDate';
  problem: string;
}

/**
 * What makes a register record impossible on `today`: an empty title, a grant in the future,
 * an expiry on or before the grant, or an expiry further away than the kind's longest term.
 */
export function assetRecordProblems(
  asset: Pick<RegisteredAsset, 'kind' | 'title' | 'grantDate' | 'expiryDate'>,
  today: BusinessDate,
): AssetRecordProblem[] {
  const problems: AssetRecordProblem[] = [];
  if (asset.title.trim().length === 0) problems.push({ field: 'title', problem: 'title is empty' });
  if (asset.grantDate && compareDates(asset.grantDate, today) > 0)
    problems.push({ field: 'grantDate', problem: `grantDate ${asset.grantDate} is in the future` });
  if (asset.grantDate && asset.expiryDate && compareDates(asset.expiryDate, asset.grantDate) <= 0)
    problems.push({
      field: 'expiryDate',
      problem: `expiryDate ${asset.expiryDate} is not after grantDate ${asset.grantDate}`,
    });
  const latest = addMonthsClamped(today, 12 * MAX_REMAINING_TERM_YEARS[asset.kind]);
  if (asset.expiryDate && compareDates(asset.expiryDate, latest) > 0)
    problems.push({
      field: 'expiryDate',
      problem: `expiryDate ${asset.expiryDate} is beyond the longest term of a ${asset.kind} (${latest})`,
    });
  return problems;
}

/** What the registration office's register says about one asset. */
export interface RegisteredAsset {
  kind: AssetKind;
  number: string;
  title: string;
  /** Unified social credit codes of every registered owner. */
  owners: string[];
  grantDate: BusinessDate | null;
  expiryDate: BusinessDate | null;
  /** Patents only: the annual fee is paid up to this date. */
  annualFeePaidUntil: BusinessDate | null;
  legalStatus: LegalStatus;
}

/** Grounds on which a pledge filing is refused (docs/domain.md, Pledge registration). */
export const PRE_FILING_GROUNDS = {
  ASSET_NOT_FOUND: 'the asset is not in the register',
  PLEDGOR_NOT_OWNER: 'the pledgor is not the registered owner',
  ASSET_LAPSED: 'the right has lapsed',
  ASSET_INVALIDATED: 'the right has been invalidated',
  ASSET_NOT_GRANTED: 'the application has not been granted',
  ANNUAL_FEE_UNPAID: 'the annual fee is unpaid',
  ASSET_FROZEN: 'the right is frozen by a court preservation order',
  OWNERSHIP_DISPUTE: 'proceedings are suspended for an ownership dispute',
  DEBT_TERM_EXCEEDS_ASSET_TERM: "the secured debt's term runs past the right's term",
  CO_OWNER_CONSENT_MISSING: 'a co-owner has not consented',
  ASSET_ALREADY_PLEDGED: 'the asset already carries an active pledge',
  INVALIDATION_PENDING_UNCONFIRMED:
    'invalidation proceedings are pending and the parties have not confirmed',
} as const;
export type PreFilingGround = keyof typeof PRE_FILING_GROUNDS;

export interface PreFilingInput {
  asset: RegisteredAsset | null;
  requestedNumber: string;
  pledgorUscc: string;
  /** Co-owners (USCC) whose written consent is on file. */
  coOwnerConsents: readonly string[];
  /** The parties were told of pending invalidation proceedings and confirmed they proceed. */
  invalidationPendingConfirmed: boolean;
  /** Case that holds an active pledge on the asset, if any. */
  activePledgeCase: string | null;
  /** Last date of the secured debt (maturity). */
  debtEndDate: BusinessDate;
  asOf: BusinessDate;
}

export interface GroundFinding {
  ground: PreFilingGround;
  message: string;
  evidence: Record<string, unknown>;
}

/** Every ground that refuses this asset, in a fixed order; empty when it may be pledged. */
export function preFilingFindings(input: PreFilingInput): GroundFinding[] {
  const found: GroundFinding[] = [];
  const add = (ground: PreFilingGround, evidence: Record<string, unknown> = {}) =>
    found.push({ ground, message: PRE_FILING_GROUNDS[ground], evidence });
  const asset = input.asset;
  if (!asset) {
    add('ASSET_NOT_FOUND', { number: input.requestedNumber });
    return found;
  }
  if (!asset.owners.includes(input.pledgorUscc))
    add('PLEDGOR_NOT_OWNER', { owners: asset.owners, pledgor: input.pledgorUscc });
  if (asset.legalStatus === 'LAPSED') add('ASSET_LAPSED', { legalStatus: asset.legalStatus });
  if (asset.legalStatus === 'INVALIDATED')
    add('ASSET_INVALIDATED', { legalStatus: asset.legalStatus });
  if (asset.legalStatus === 'PENDING' || asset.grantDate === null)
    add('ASSET_NOT_GRANTED', { legalStatus: asset.legalStatus, grantDate: asset.grantDate });
  if (
    isPatent(asset.kind) &&
    (asset.annualFeePaidUntil === null || compareDates(asset.annualFeePaidUntil, input.asOf) < 0)
  ) {
    add('ANNUAL_FEE_UNPAID', { annualFeePaidUntil: asset.annualFeePaidUntil, asOf: input.asOf });
  }
  if (asset.legalStatus === 'FROZEN') add('ASSET_FROZEN', { legalStatus: asset.legalStatus });
  if (asset.legalStatus === 'OWNERSHIP_DISPUTE')
    add('OWNERSHIP_DISPUTE', { legalStatus: asset.legalStatus });
  if (asset.expiryDate !== null && compareDates(input.debtEndDate, asset.expiryDate) > 0) {
    add('DEBT_TERM_EXCEEDS_ASSET_TERM', {
      debtEndDate: input.debtEndDate,
      expiryDate: asset.expiryDate,
    });
  }
  const missing = asset.owners.filter(
    (owner) => owner !== input.pledgorUscc && !input.coOwnerConsents.includes(owner),
  );
  if (asset.owners.includes(input.pledgorUscc) && missing.length > 0)
    add('CO_OWNER_CONSENT_MISSING', { missingConsents: missing });
  if (input.activePledgeCase !== null)
    add('ASSET_ALREADY_PLEDGED', { heldByCase: input.activePledgeCase });
  if (asset.legalStatus === 'INVALIDATION_PENDING' && !input.invalidationPendingConfirmed) {
    add('INVALIDATION_PENDING_UNCONFIRMED', { legalStatus: asset.legalStatus });
  }
  return found;
}

/** Reasons a registration clerk may give for refusing a filing (one code each). */
export const REGISTRATION_REFUSAL_REASONS = {
  NOT_REGISTERED_OWNER: 'pledgor is not the registered owner',
  LAPSED_OR_INVALIDATED: 'right lapsed or invalidated',
  NOT_GRANTED: 'application not yet granted',
  ANNUAL_FEE_UNPAID: 'annual fee unpaid',
  FROZEN_OR_DISPUTED: 'frozen or suspended for an ownership dispute',
  DEBT_TERM_EXCEEDS_RIGHT: "secured debt's term runs past the right's term",
  CONTRACT_DEFECTIVE: 'pledge contract defective',
  CO_OWNER_CONSENT_MISSING: 'co-owner consent missing',
  ALREADY_PLEDGED: 'already pledged',
  SAME_DAY_DUAL_FILING: 'same-day utility model and invention for one creation',
  INVALIDATION_PENDING: 'invalidation proceedings pending',
  FORFEITURE_CLAUSE: 'contract hands the right to the pledgee on default (流质)',
  OTHER_INELIGIBLE: 'otherwise ineligible',
} as const;
export type RegistrationRefusalReason = keyof typeof REGISTRATION_REFUSAL_REASONS;

/** Grounds on which a pledge is cancelled at the registration office. */
export const RELEASE_GROUNDS = [
  'DEBT_REPAID',
  'PLEDGE_REALISED',
  'PLEDGEE_WAIVED',
  'CONTRACT_VOID',
] as const;
export type ReleaseGround = (typeof RELEASE_GROUNDS)[number];
