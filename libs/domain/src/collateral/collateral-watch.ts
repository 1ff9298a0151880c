import { addDays, compareDates, type BusinessDate } from '../business-date';
import { addWorkingDays, isWorkingDay, type WorkingCalendar } from '../calendar/working-calendar';
import { DomainError } from '../errors';
import { isPatent, type LegalStatus, type RegisteredAsset } from '../ip-assets';

/**
 * The legal events of an asset the registration office records: an annual fee paid (年费), a
 * lapse (终止) and its restoration (恢复), invalidation (无效宣告) requested and decided, a change
 * of owner, a court freeze (保全) and its release, a trademark renewed (续展) or expired.
 */
export const ASSET_LEGAL_EVENTS = [
  'ANNUAL_FEE_PAID',
  'LAPSED',
  'RESTORED',
  'INVALIDATION_REQUESTED',
  'INVALIDATION_DECIDED',
  'OWNERSHIP_CHANGED',
  'FROZEN',
  'FREEZE_RELEASED',
  'RENEWED',
  'EXPIRED',
] as const;
export type AssetLegalEventKind = (typeof ASSET_LEGAL_EVENTS)[number];

export const INVALIDATION_OUTCOMES = ['UPHELD', 'PARTLY_INVALID', 'WHOLLY_INVALID'] as const;
export type InvalidationOutcome = (typeof INVALIDATION_OUTCOMES)[number];

export interface AssetLegalEvent {
  event: AssetLegalEventKind;
  occurredOn: BusinessDate;
  /** ANNUAL_FEE_PAID, RESTORED (patents): the fee is now paid up to this anniversary. */
  paidUntil?: BusinessDate | null;
  /** INVALIDATION_DECIDED. */
  outcome?: InvalidationOutcome | null;
  /** OWNERSHIP_CHANGED: the owners' USCCs after the change. */
  owners?: string[] | null;
  /** RENEWED: the new end of the registration. */
  expiryDate?: BusinessDate | null;
  note?: string | null;
}

/** The register's facts an event changes (the asset plus the last invalidation outcome). */
export interface AssetLegalState {
  asset: RegisteredAsset;
  invalidationOutcome: InvalidationOutcome | null;
  /** The status the asset had before its current freeze, which the release restores. */
  statusBeforeFreeze: LegalStatus | null;
}

const ENDED: readonly LegalStatus[] = ['LAPSED', 'INVALIDATED'];

function notApplicable(event: AssetLegalEvent, asset: RegisteredAsset, why: string): DomainError {
  return new DomainError(
    'ASSET_EVENT_NOT_APPLICABLE',
    `${event.event} does not apply to ${asset.number} (${asset.kind}, ${asset.legalStatus}): ${why}`,
    { event: event.event, number: asset.number, kind: asset.kind, legalStatus: asset.legalStatus },
    `该登记事项不适用于此知识产权（${asset.legalStatus}）：${why}`,
  );
}

function missing(event: AssetLegalEvent, field: string): DomainError {
  return new DomainError('ASSET_EVENT_INCOMPLETE', `${event.event} needs ${field}`, {
    event: event.event,
    field,
  });
}

/**
 * The register after `event`, or the refusal: an event that cannot happen to the asset in its
 * present state (ASSET_EVENT_NOT_APPLICABLE) or lacks the fact it records (ASSET_EVENT_INCOMPLETE).
 */
export function applyLegalEvent(state: AssetLegalState, event: AssetLegalEvent): AssetLegalState {
  const { asset } = state;
  const after: RegisteredAsset = { ...asset, owners: [...asset.owners] };
  let invalidationOutcome = state.invalidationOutcome;
  let statusBeforeFreeze = state.statusBeforeFreeze;
  const patentOnly = () => {
    if (!isPatent(asset.kind)) throw notApplicable(event, asset, 'patents only');
  };
  const notEnded = () => {
    if (ENDED.includes(asset.legalStatus)) throw notApplicable(event, asset, 'the right has ended');
  };
  switch (event.event) {
    case 'ANNUAL_FEE_PAID':
      patentOnly();
      notEnded();
      if (!event.paidUntil) throw missing(event, 'paidUntil');
      if (asset.annualFeePaidUntil && compareDates(event.paidUntil, asset.annualFeePaidUntil) <= 0)
        throw notApplicable(event, asset, `already paid until ${asset.annualFeePaidUntil}`);
      after.annualFeePaidUntil = event.paidUntil;
      break;
    case 'LAPSED':
    case 'EXPIRED':
      notEnded();
      after.legalStatus = 'LAPSED';
      break;
    case 'RESTORED':
      if (asset.legalStatus !== 'LAPSED') throw notApplicable(event, asset, 'not lapsed');
      if (isPatent(asset.kind)) {
        if (!event.paidUntil) throw missing(event, 'paidUntil');
        after.annualFeePaidUntil = event.paidUntil;
      }
      after.legalStatus = 'IN_FORCE';
      break;
    case 'INVALIDATION_REQUESTED':
      patentOnly();
      if (asset.legalStatus !== 'IN_FORCE') throw notApplicable(event, asset, 'not in force');
      after.legalStatus = 'INVALIDATION_PENDING';
      break;
    case 'INVALIDATION_DECIDED':
      patentOnly();
      if (asset.legalStatus !== 'INVALIDATION_PENDING')
        throw notApplicable(event, asset, 'no invalidation pending');
      if (!event.outcome) throw missing(event, 'outcome');
      invalidationOutcome = event.outcome;
      after.legalStatus = event.outcome === 'WHOLLY_INVALID' ? 'INVALIDATED' : 'IN_FORCE';
      break;
    case 'OWNERSHIP_CHANGED':
      notEnded();
      if (!event.owners || event.owners.length === 0) throw missing(event, 'owners');
      after.owners = [...event.owners];
      break;
    case 'FROZEN':
      notEnded();
      if (asset.legalStatus === 'FROZEN') throw notApplicable(event, asset, 'already frozen');
      statusBeforeFreeze = asset.legalStatus;
      after.legalStatus = 'FROZEN';
      break;
    case 'FREEZE_RELEASED':
      if (asset.legalStatus !== 'FROZEN') throw notApplicable(event, asset, 'not frozen');
      after.legalStatus = statusBeforeFreeze ?? 'IN_FORCE';
      statusBeforeFreeze = null;
      break;
    case 'RENEWED':
      if (asset.kind !== 'TRADEMARK') throw notApplicable(event, asset, 'trademarks only');
      notEnded();
      if (!event.expiryDate) throw missing(event, 'expiryDate');
      if (asset.expiryDate && compareDates(event.expiryDate, asset.expiryDate) <= 0)
        throw notApplicable(event, asset, `registered until ${asset.expiryDate} already`);
      after.expiryDate = event.expiryDate;
      break;
  }
  return { asset: after, invalidationOutcome, statusBeforeFreeze };
}

/**
 * How the watch reads the dates (docs/collateral-watch.md): a fee falling due within
 * `feeNoticeWorkingDays` working days is noticed; an unpaid fee has `feeGraceMonths` of grace
 * (滞纳期) before the patent lapses; a trademark may be renewed in the `renewalWindowMonths`
 * before it ends and in `renewalGraceMonths` after.
 */
export const COLLATERAL_WATCH_TERMS = {
  feeNoticeWorkingDays: 10,
  feeGraceMonths: 6,
  renewalWindowMonths: 12,
  renewalGraceMonths: 6,
} as const;

/** What the bank decides on impaired collateral: more security (追加担保) or an early call (提前收回). */
export const COLLATERAL_DECISIONS = ['ADDITIONAL_SECURITY', 'EARLY_RECALL'] as const;
export type CollateralDecision = (typeof COLLATERAL_DECISIONS)[number];

/** How a covenant ends: the bank records that it was met, or that it was breached. */
export const COVENANT_RESOLUTIONS = ['FULFILLED', 'BREACHED'] as const;
export type CovenantResolution = (typeof COVENANT_RESOLUTIONS)[number];

/** The dates one run of the watch reads, from the working calendar around the business date. */
export interface WatchDatesOn {
  businessDate: BusinessDate;
  /** The dated tasks (fees noticed, revaluations, covenants) are raised on working days only. */
  workingDay: boolean;
  feeHorizon: BusinessDate;
  previousWorkingDay: BusinessDate;
  reminderHorizons: Record<number, BusinessDate>;
}

/**
 * The watch's dates on `today`: the fee notice horizon and each covenant reminder horizon (that
 * many working days on: a deadline on or before it is reminded today), and the working day
 * before today (a deadline on or before it has passed, even when it fell on a day off and moved).
 * @throws DomainError(CALENDAR_YEAR_NOT_COVERED) when the calendar lacks a year it needs.
 */
export function watchDatesOn(
  calendar: WorkingCalendar,
  today: BusinessDate,
  reminderPeriods: readonly number[],
): WatchDatesOn {
  let previous = addDays(today, -1);
  while (!isWorkingDay(calendar, previous)) previous = addDays(previous, -1);
  return {
    businessDate: today,
    workingDay: isWorkingDay(calendar, today),
    feeHorizon: addWorkingDays(calendar, today, COLLATERAL_WATCH_TERMS.feeNoticeWorkingDays),
    previousWorkingDay: previous,
    reminderHorizons: Object.fromEntries(
      reminderPeriods.filter((n) => n > 0).map((n) => [n, addWorkingDays(calendar, today, n)]),
    ),
  };
}
