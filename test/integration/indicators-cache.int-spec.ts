import { INDICATOR_STAGES } from '../../apps/api/src/indicators/indicators.service';
import { IndicatorsRepository } from '../../libs/persistence/src/repositories/indicators.repository';
import {
  addDays,
  advanceTo,
  fromFen,
  toFen,
  businessDate,
  expectOk,
  getCase,
  USERS,
  withDb,
  type Json,
} from '../support/case-flows';
import { openLoan, repayOnDueDates } from '../support/subsidy-flows';
import { startTestSystem, type TestSystem } from '../support/test-system';

jest.setTimeout(600_000);

/**
 * The indicators are computed once per read-model generation: a write to what they read moves
 * the generation on and changes the next answer; while nothing changes, the cached answer is
 * the one a fresh computation gives.
 */
describe('indicators cached per read-model generation', () => {
  let system: TestSystem;
  let caseNumber: string;
  let asOf: string;

  const generation = () =>
    withDb(system, async (db) =>
      Number((await db.query(`SELECT generation FROM read_model_generation`)).rows[0].generation),
    );
  const indicators = async (): Promise<Json> => {
    const res = await (
      await system.as(USERS.admin)
    ).get(`/api/v1/indicators?year=2026&asOf=${asOf}`);
    expectOk(res, 200);
    return res.body;
  };
  /** The figures computed now, past the cache, in the API's shape of the compared members. */
  const fresh = async () => {
    const { value } = await system.api
      .get(IndicatorsRepository)
      .computeFigures({ year: 2026, asOf, districtCode: null, bankOrgId: null }, INDICATOR_STAGES);
    return {
      registeredPledge: value.registeredPledge,
      outstandingBalance: value.outstandingBalance,
      firstTimeBorrowers: value.firstTimeBorrowers,
      defaults: value.defaults,
      medianToDisbursement: value.stages[0]!.median,
    };
  };
  const compared = (answer: Json) => ({
    registeredPledge: answer.registeredPledge,
    outstandingBalance: answer.outstandingBalance,
    firstTimeBorrowers: answer.firstTimeBorrowers,
    defaults: answer.defaults,
    medianToDisbursement: answer.workingDays.applicationToDisbursement.median,
  });

  beforeAll(async () => {
    system = await startTestSystem();
    const opened = await openLoan(system, {
      amount: '600000.00',
      termMonths: 12,
      repaymentMethod: 'EQUAL_PRINCIPAL',
    });
    caseNumber = opened.caseNumber as string;
    const firstDue = ((await getCase(system, caseNumber)).schedule as Json[])[0].dueDate as string;
    await advanceTo(system, firstDue);
    asOf = await businessDate(system);
  });

  afterAll(async () => {
    await system?.close();
  });

  it('answers the same while nothing changes, and a fresh computation agrees', async () => {
    const before = await generation();
    const first = await indicators();
    const second = await indicators();
    expect(await generation()).toBe(before);
    expect(second).toEqual(first);
    expect(compared(second)).toEqual(await fresh());
    expect(first.outstandingBalance).toBe('600000.00');
  });

  it('a repayment recorded moves the generation on and changes the next answer', async () => {
    const before = await generation();
    const stale = await indicators();
    const view = await repayOnDueDates(system, caseNumber, [1]);
    const principal = (view.schedule as Json[])[0].principal as string;
    expect(await generation()).toBeGreaterThan(before);
    const after = await indicators();
    expect(after.outstandingBalance).not.toBe(stale.outstandingBalance);
    expect(after.outstandingBalance).toBe(
      fromFen(toFen(stale.outstandingBalance) - toFen(principal)),
    );
    expect(compared(after)).toEqual(await fresh());
  });

  it('reads the balance from the stored principal after the last repayment, from the ledger before it', async () => {
    const dayBefore = addDays(asOf, -1); // the repayment above is valued on asOf
    const balance = async (date: string) => {
      const res = await (
        await system.as(USERS.admin)
      ).get(`/api/v1/indicators?year=2026&asOf=${date}`);
      expectOk(res, 200);
      return res.body.outstandingBalance as string;
    };
    const now = await balance(asOf);
    expect(await balance(dayBefore)).toBe('600000.00');
    // One fen more in the stored column shows where each date's figure comes from.
    const shift = (sql: string) =>
      withDb(system, (db) => db.query(sql, [caseNumber]).then(() => undefined));
    await shift(
      `UPDATE loan_case SET outstanding_principal = outstanding_principal + 0.01 WHERE case_number = $1`,
    );
    try {
      expect(await balance(asOf)).toBe(fromFen(toFen(now) + 1n));
      expect(await balance(dayBefore)).toBe('600000.00');
    } finally {
      await shift(`SELECT loan_case_refresh_account($1)`);
    }
    expect(await balance(asOf)).toBe(now);
  });

  it('bumps the generation once per transaction, at commit', async () => {
    await withDb(system, async (db) => {
      const read = async () =>
        Number((await db.query(`SELECT generation FROM read_model_generation`)).rows[0].generation);
      const start = await read();
      await db.query('BEGIN');
      await db.query(`UPDATE loan_case SET updated_at = updated_at`);
      await db.query(`UPDATE repayment SET amount = amount`);
      // Not yet: the deferred trigger runs at commit.
      expect(await read()).toBe(start);
      await db.query('COMMIT');
      expect(await read()).toBe(start + 1);
      await db.query('BEGIN');
      await db.query(`UPDATE loan_case SET updated_at = updated_at`);
      await db.query('ROLLBACK');
      expect(await read()).toBe(start + 1);
    });
  });
});
