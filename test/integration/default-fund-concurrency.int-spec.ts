import {
  act,
  declareDefault,
  advanceTo,
  attempt,
  expectOk,
  openActiveCase,
  withDb,
  type Json,
} from '../support/case-flows';
import { startTestSystem, type TestSystem } from '../support/test-system';

jest.setTimeout(240_000);

const FUND_MANAGER = 'fund.manager';
/** Pays the claims the fund manager reviewed (four eyes: the reviewer does not pay). */
const FUND_PAYER = 'fund.manager2';
const FUND = 'FUND-SH-SME-IP';
const CLAIMS = 20;

/**
 * Issue 5, acceptance: the compensation fund's balance never goes negative under concurrent
 * claims. Twenty defaulted loans of 100,000.00 each (fund share 54 %: 54,000.00 a claim) are paid
 * at once against a fund of 675,000.00 = 12 × 54,000.00 + 27,000.00: twelve are paid in full,
 * one is limited to the 27,000.00 left, seven are refused, and the pool ends exactly at zero.
 * The payments run as activities of twenty workflows on the worker, each debiting the pool in
 * its own PostgreSQL transaction.
 */
describe('default and disposal: the compensation fund under concurrent claims', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem();
  });

  afterAll(async () => {
    await system.close();
  });

  it('pays at most what the fund holds, limits the last claim to the balance and refuses the rest', async () => {
    const cases = await Promise.all(
      Array.from({ length: CLAIMS }, () => openActiveCase(system, { amount: '100000.00' })),
    );
    const caseNumbers = cases.map((c) => c.caseNumber);

    // First instalment due 2026-02-15, unpaid; 60 days later the Shanghai scheme's trigger is
    // reached (2026-02-15 + 60 = 2026-04-16), before the product's automatic default at 90.
    await advanceTo(system, '2026-04-16');
    await Promise.all(
      caseNumbers.map((caseNumber) =>
        declareDefault(system, caseNumber, {
          reasonCode: 'PAST_DUE',
          reason: 'Non-performing for 60 days',
        }),
      ),
    );
    await withDb(system, (db) =>
      db.query(`UPDATE compensation_fund SET total_fen = $2, paid_fen = 0 WHERE code = $1`, [
        FUND,
        (12n * 5_400_000n + 2_700_000n).toString(),
      ]),
    );
    await Promise.all(
      caseNumbers.map((caseNumber) =>
        act(system, caseNumber, `/compensation-claims/${caseNumber}-FUND/review`, {}, FUND_MANAGER),
      ),
    );

    const manager = await system.as(FUND_MANAGER);
    const payer = await system.as(FUND_PAYER);
    const responses = await Promise.all(
      caseNumbers.map((caseNumber) =>
        payer
          .post(`/api/v1/cases/${caseNumber}/compensation-claims/${caseNumber}-FUND/pay`)
          .send({ reference: `PAY-${caseNumber}` }),
      ),
    );
    const paid = responses
      .filter((r) => r.status === 200)
      .map((r) => fundClaimOf(r.body).payment as Json);
    const refused = responses.filter((r) => r.status !== 200);
    expect(paid.map((p) => [p.amount, p.limitedBy]).sort()).toEqual([
      ['27000.00', 'BALANCE'],
      ...Array.from({ length: 12 }, () => ['54000.00', null]),
    ]);
    expect(refused.map((r) => [r.status, r.body.code])).toEqual(
      Array.from({ length: 7 }, () => [409, 'FUND_BALANCE_EXHAUSTED']),
    );

    await withDb(system, async (db) => {
      const fund = await db.query(
        `SELECT total_fen::text, paid_fen::text FROM compensation_fund WHERE code = $1`,
        [FUND],
      );
      // 12 × 5,400,000 fen + 2,700,000 fen = 67,500,000 fen: all of it, not a fen more.
      expect(fund.rows).toEqual([{ total_fen: '67500000', paid_fen: '67500000' }]);
      const payments = await db.query(
        `SELECT count(*)::int AS n, sum(amount_fen)::text AS total FROM compensation_payment WHERE fund_code = $1`,
        [FUND],
      );
      expect(payments.rows).toEqual([{ n: 13, total: '67500000' }]);
      const claims = await db.query(
        `SELECT status, count(*)::int AS n FROM compensation_claim WHERE payer = 'FUND' GROUP BY status ORDER BY status`,
      );
      expect(claims.rows).toEqual([
        { status: 'PAID', n: 13 },
        { status: 'REVIEWED', n: 7 },
      ]);
    });
    const balance = await manager.get(`/api/v1/compensation-funds/${FUND}`);
    expectOk(balance, 200);
    expect(balance.body).toMatchObject({ paid: '675000.00', available: '0.00' });

    // A refused claim waits for money: after a top-up of one share it is paid in full.
    const waiting = caseNumbers.find((_, i) => responses[i]!.status !== 200)!;
    // Proposed by one manager under the funding document's number, approved by the other.
    const proposed = await manager
      .post(`/api/v1/compensation-funds/${FUND}/top-ups`)
      .send({ reference: 'TOPUP-2026-04', amount: '54000.00' });
    expectOk(proposed, 200);
    expect(proposed.body.topUp).toMatchObject({ status: 'PROPOSED', proposedBy: FUND_MANAGER });
    const topUp = await (
      await system.as('fund.manager2')
    ).post(
      `/api/v1/compensation-funds/${FUND}/top-ups/${proposed.body.topUp.id as string}/approve`,
    );
    expectOk(topUp, 200);
    expect(topUp.body).toMatchObject({
      alreadyApplied: false,
      fund: { total: '729000.00', available: '54000.00' },
    });
    const late = await attempt(
      system,
      waiting,
      `/compensation-claims/${waiting}-FUND/pay`,
      { reference: `PAY-${waiting}` },
      FUND_PAYER,
    );
    expectOk(late, 200);
    expect(fundClaimOf(late.body).payment).toMatchObject({ amount: '54000.00', limitedBy: null });
    const after = await manager.get(`/api/v1/compensation-funds/${FUND}`);
    expect(after.body).toMatchObject({ total: '729000.00', paid: '729000.00', available: '0.00' });
  });
});

function fundClaimOf(view: Json): Json {
  return (view.compensationClaims as Json[]).find((c) => c.payer === 'FUND');
}
