import { entriesOfNotice, HOLIDAY_NOTICES } from '../calendar/holiday-notices';
import { buildWorkingCalendar } from '../calendar/working-calendar';
import type { RegisteredAsset } from '../ip-assets';
import { applyLegalEvent, watchDatesOn, type AssetLegalState } from './collateral-watch';

const patent: RegisteredAsset = {
  kind: 'INVENTION_PATENT',
  number: 'CN202310000001.X',
  title: 'a patent',
  owners: ['91310115MA1K3YJ122'],
  grantDate: '2023-05-12',
  expiryDate: '2041-03-30',
  annualFeePaidUntil: '2026-03-30',
  legalStatus: 'IN_FORCE',
};
const state = (asset: Partial<RegisteredAsset> = {}): AssetLegalState => ({
  asset: { ...patent, ...asset },
  invalidationOutcome: null,
  statusBeforeFreeze: null,
});
const on = '2026-01-15';

describe('applyLegalEvent', () => {
  it('a freeze keeps the status it interrupts, and its release restores it', () => {
    const frozen = applyLegalEvent(state({ legalStatus: 'INVALIDATION_PENDING' }), {
      event: 'FROZEN',
      occurredOn: on,
    });
    expect(frozen.asset.legalStatus).toBe('FROZEN');
    const released = applyLegalEvent(frozen, { event: 'FREEZE_RELEASED', occurredOn: on });
    expect(released.asset.legalStatus).toBe('INVALIDATION_PENDING');
    expect(() => applyLegalEvent(released, { event: 'FREEZE_RELEASED', occurredOn: on })).toThrow(
      expect.objectContaining({ code: 'ASSET_EVENT_NOT_APPLICABLE' }),
    );
  });

  it('an invalidation decision needs pending proceedings and an outcome', () => {
    expect(() =>
      applyLegalEvent(state(), {
        event: 'INVALIDATION_DECIDED',
        occurredOn: on,
        outcome: 'UPHELD',
      }),
    ).toThrow(expect.objectContaining({ code: 'ASSET_EVENT_NOT_APPLICABLE' }));
    const pending = state({ legalStatus: 'INVALIDATION_PENDING' });
    expect(() =>
      applyLegalEvent(pending, { event: 'INVALIDATION_DECIDED', occurredOn: on }),
    ).toThrow(expect.objectContaining({ code: 'ASSET_EVENT_INCOMPLETE' }));
    const partly = applyLegalEvent(pending, {
      event: 'INVALIDATION_DECIDED',
      occurredOn: on,
      outcome: 'PARTLY_INVALID',
    });
    expect(partly).toMatchObject({
      asset: { legalStatus: 'IN_FORCE' },
      invalidationOutcome: 'PARTLY_INVALID',
    });
    const wholly = applyLegalEvent(pending, {
      event: 'INVALIDATION_DECIDED',
      occurredOn: on,
      outcome: 'WHOLLY_INVALID',
    });
    expect(wholly.asset.legalStatus).toBe('INVALIDATED');
  });

  it('a fee payment moves the paid-up date forward only, on a patent only', () => {
    expect(
      applyLegalEvent(state(), {
        event: 'ANNUAL_FEE_PAID',
        occurredOn: on,
        paidUntil: '2027-03-30',
      }).asset.annualFeePaidUntil,
    ).toBe('2027-03-30');
    expect(() =>
      applyLegalEvent(state(), {
        event: 'ANNUAL_FEE_PAID',
        occurredOn: on,
        paidUntil: '2026-03-30',
      }),
    ).toThrow(expect.objectContaining({ code: 'ASSET_EVENT_NOT_APPLICABLE' }));
    expect(() =>
      applyLegalEvent(state({ kind: 'TRADEMARK', annualFeePaidUntil: null }), {
        event: 'ANNUAL_FEE_PAID',
        occurredOn: on,
        paidUntil: '2027-03-30',
      }),
    ).toThrow(expect.objectContaining({ code: 'ASSET_EVENT_NOT_APPLICABLE' }));
  });

  it('a lapsed patent is restored with its fee paid', () => {
    const lapsed = applyLegalEvent(state(), { event: 'LAPSED', occurredOn: on });
    expect(lapsed.asset.legalStatus).toBe('LAPSED');
    const restored = applyLegalEvent(lapsed, {
      event: 'RESTORED',
      occurredOn: on,
      paidUntil: '2027-03-30',
    });
    expect(restored.asset).toMatchObject({
      legalStatus: 'IN_FORCE',
      annualFeePaidUntil: '2027-03-30',
    });
  });
});

describe('watchDatesOn', () => {
  const calendar = buildWorkingCalendar({
    years: HOLIDAY_NOTICES.map((n) => n.year),
    entries: HOLIDAY_NOTICES.flatMap(entriesOfNotice),
  });

  it('counts the horizons in working days and finds the working day before', () => {
    // Wednesday 29 April 2026: the Labour Day holiday runs 1–5 May, 9 May is worked.
    const dates = watchDatesOn(calendar, '2026-04-29', [2]);
    expect(dates).toMatchObject({
      workingDay: true,
      previousWorkingDay: '2026-04-28',
      reminderHorizons: { 2: '2026-05-06' },
    });
    // 30 Apr, 6, 7, 8, 9 (worked Saturday), 11, 12, 13, 14, 15 May.
    expect(dates.feeHorizon).toBe('2026-05-15');
    expect(watchDatesOn(calendar, '2026-05-06', []).previousWorkingDay).toBe('2026-04-30');
    expect(watchDatesOn(calendar, '2026-05-02', []).workingDay).toBe(false);
  });
});
