import {
  act,
  declareDefault,
  advanceTo,
  businessDate,
  driveTo,
  expectCaseStatus,
  expectOk,
  fromFen,
  registerAsset,
  openCase,
  RISK_SHARING,
  toFen,
  USERS,
  withDb,
  type Json,
} from '../support/case-flows';
import {
  disposalStep,
  getDisposal,
  payCompensationClaims,
  registerBidder,
} from '../support/disposal-flows';
import { startTestSystem, type TestSystem } from '../support/test-system';

jest.setTimeout(240_000);

// --- the test's own fen arithmetic (not the production functions) ---------------------------

/** round(fen × num / den) half up, for non-negative figures. */
const halfUp = (fen: bigint, num: bigint, den: bigint): bigint =>
  (2n * fen * num + den) / (2n * den);
/** Interest in fen on `base` yuan at `rate` (per mille, as a fraction of 1000) for `days`, actual/360. */
const interestFen = (base: string, ratePerMille: bigint, days: number): bigint =>
  halfUp(toFen(base), ratePerMille * BigInt(days), 1000n * 360n);
const DAY_MS = 86_400_000;
const days = (from: string, to: string): number =>
  (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS;
const sum = (fens: bigint[]): bigint => fens.reduce((a, b) => a + b, 0n);

/** The waterfall, by hand: costs, interest, principal recovery R shared over D, residue. */
function expectedWaterfall(f: {
  proceeds: bigint;
  costs: bigint;
  interest: bigint;
  principal: bigint;
  fundPaid: bigint;
  insurerPaid: bigint;
}) {
  let left = f.proceeds - f.costs;
  const bankInterest = left < f.interest ? left : f.interest;
  left -= bankInterest;
  const r = left < f.principal ? left : f.principal;
  const d = f.principal > f.fundPaid + f.insurerPaid ? f.principal : f.fundPaid + f.insurerPaid;
  const fund = halfUp(r, f.fundPaid, d);
  const insurerShare = halfUp(r, f.insurerPaid, d);
  const insurer = insurerShare < r - fund ? insurerShare : r - fund;
  return {
    interestDue: fromFen(f.interest),
    costs: fromFen(f.costs),
    bankInterest: fromFen(bankInterest),
    bankPrincipal: fromFen(r - fund - insurer),
    fund: fromFen(fund),
    insurer: fromFen(insurer),
    pledgor: fromFen(left - r),
    unrecovered: fromFen(f.interest - bankInterest + (f.principal - r)),
  };
}

/** A product of BANK-SHCB whose risk scheme shares principal and interest in full. */
const FULL_PRODUCT = 'TEST-IP-FULL-COVER';
const FULL_SCHEME = 'TEST-PRINCIPAL-AND-INTEREST';

/**
 * The bank's interest to the settlement date and the waterfall it feeds, through the API on the
 * real services: an equal-principal loan defaulted with overdue instalments and sold weeks later
 * (scheduled, contract and penalty interest lines, each with its basis, in the case, the
 * distribution row and the disposal file); and a loan whose fund and insurer together paid more
 * than the principal (their loss base held interest), which used to stall at settlement and now
 * settles with their shares capped.
 */
describe('disposal settlement: interest to the settlement date and capped shares', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem();
    await withDb(system, async (db) => {
      await db.query(
        `INSERT INTO risk_scheme (code, name, terms, fund_code, insurer_org_id, example)
         VALUES ($1, 'Test: principal and interest, shared in full', $2, 'FUND-SH-SME-IP', 'INS-ANXIN', true)`,
        [
          FULL_SCHEME,
          JSON.stringify({
            code: FULL_SCHEME,
            name: 'Test: principal and interest, shared in full',
            triggerDaysNonPerforming: 60,
            base: 'PRINCIPAL_AND_INTEREST',
            ipSecuredOnly: false,
            caps: { fundPerClaim: null, insurerPerClaim: null },
            depositRatio: null,
          }),
        ],
      );
      const std = await db.query(`SELECT terms FROM loan_product WHERE code = 'SHCB-IP-STD'`);
      await db.query(
        `INSERT INTO loan_product (code, bank_org_id, name, terms) VALUES ($1, 'BANK-SHCB', $1, $2)`,
        [
          FULL_PRODUCT,
          JSON.stringify({
            ...std.rows[0].terms,
            code: FULL_PRODUCT,
            name: FULL_PRODUCT,
            autoDefault: false,
            riskSchemeCode: FULL_SCHEME,
          }),
        ],
      );
    });
  });

  afterAll(async () => {
    await system?.close();
  });

  /** A 12-month loan at 3.6 % disbursed on `on`, on one patent valued 5,000,000.00 until 2026-03-31. */
  async function openLoan(options: {
    on: string;
    amount: string;
    repaymentMethod: 'EQUAL_PRINCIPAL' | 'INTEREST_ONLY';
    productCode: string;
    riskSharing: object;
    ipSecuredShare: string;
  }): Promise<{ caseNumber: string; ref: string; patent: string; schedule: Json[] }> {
    const patent = await registerAsset(system, { title: `settlement interest ${options.amount}` });
    const { caseNumber, request } = await openCase(system, {
      productCode: options.productCode,
      amount: options.amount,
      termMonths: 12,
      annualRate: '0.036',
      repaymentMethod: options.repaymentMethod,
      assets: [{ type: 'PATENT', number: patent }],
    });
    const ref = request.bankReference;
    await driveTo(system, caseNumber, 'VALUATION', { on: options.on });
    await act(
      system,
      caseNumber,
      '/valuation-report',
      {
        reportNumber: `VR-${ref}`,
        method: 'INCOME',
        baseDate: options.on,
        validUntil: '2026-03-31',
        assets: [{ number: patent, value: '5000000.00' }],
      },
      USERS.evaluator,
    );
    await act(
      system,
      caseNumber,
      '/credit-approval',
      { riskSharing: options.riskSharing, ipSecuredShare: options.ipSecuredShare },
      USERS.approver,
    );
    await driveTo(system, caseNumber, 'REGISTERED', { on: options.on });
    const active = await act(system, caseNumber, '/disbursement', {
      reference: `DB-${ref}`,
      valueDate: options.on,
    });
    expect(active.status).toBe('ACTIVE');
    return { caseNumber, ref, patent, schedule: active.schedule as Json[] };
  }

  /** Disposal on 2026-04-17: a refreshed valuation of 800,000.00, round 1 at 560,000.00, one bid. */
  async function auction(caseNumber: string, ref: string, patent: string, bid: string) {
    expect((await act(system, caseNumber, '/disposal')).status).toBe('DISPOSAL');
    await disposalStep(
      system,
      caseNumber,
      '/valuation',
      {
        reportNumber: `VR2-${ref}`,
        method: 'MARKET',
        baseDate: '2026-04-17',
        assets: [{ number: patent, value: '800000.00' }],
      },
      USERS.evaluator,
    );
    await disposalStep(system, caseNumber, '/method', { method: 'AUCTION' });
    await disposalStep(system, caseNumber, '/rounds', { startingPrice: '560000.00' });
    // A bidder registered by the exchange with its deposit paid today.
    const { bidderId } = await registerBidder(system, caseNumber, await businessDate(system));
    await disposalStep(system, caseNumber, '/bids', { bidderId, amount: bid });
  }

  it('settles weeks after the default with scheduled, contract and penalty interest, each line with its basis; and fund + insurer above the principal settle capped', async () => {
    const today = await businessDate(system);
    expect(today).toBe('2026-01-15');

    // A: equal principal, 1,200,000.00, 100,000.00 principal a month; the Shanghai scheme
    // (principal only, 80 % IP-secured; insurer 16 %, fund 54 %).
    const a = await openLoan({
      on: today,
      amount: '1200000.00',
      repaymentMethod: 'EQUAL_PRINCIPAL',
      productCode: 'SHCB-IP-STD',
      riskSharing: RISK_SHARING,
      ipSecuredShare: '0.8',
    });
    // B: interest only, 1,000,000.00, on a scheme sharing principal and interest in full:
    // insurer 40 %, fund 60 %, the bank nothing.
    const b = await openLoan({
      on: today,
      amount: '1000000.00',
      repaymentMethod: 'INTEREST_ONLY',
      productCode: FULL_PRODUCT,
      riskSharing: { bankBp: 0, insurerBp: 4000, fundBp: 6000, guarantorBp: 0 },
      ipSecuredShare: '1',
    });
    expect(a.schedule.slice(0, 4).map((r) => [r.dueDate, r.principal, r.interest])).toEqual([
      ['2026-02-15', '100000.00', '3720.00'], // 1,200,000 × 0.036 × 31 / 360
      ['2026-03-15', '100000.00', '3080.00'], // 1,100,000 × 28 days
      ['2026-04-15', '100000.00', '3100.00'], // 1,000,000 × 31 days
      ['2026-05-15', '100000.00', '2700.00'], //   900,000 × 30 days
    ]);

    // Nothing is ever repaid; both default on 2026-04-17 (61 days past due) and are compensated.
    await advanceTo(system, '2026-02-16');
    await advanceTo(system, '2026-03-18');
    await advanceTo(system, '2026-04-17');
    for (const loan of [a, b]) {
      // Past the product's overdue threshold: the reason is that the loan is past due.
      const defaulted = await declareDefault(system, loan.caseNumber, {
        reasonCode: 'PAST_DUE',
        reason: 'Borrower stopped paying',
      });
      expect(defaulted.status).toBe('COMPENSATION');
      await payCompensationClaims(system, loan.caseNumber, loan.ref);
    }
    const defaultOf = async (caseNumber: string) =>
      (await expectCaseStatus(system, caseNumber, 'COMPENSATION')).default as Json;
    // A: loss base 1,200,000.00 × 0.8 = 960,000.00: insurer 153,600.00, fund 518,400.00.
    expect(await defaultOf(a.caseNumber)).toMatchObject({
      principalOutstanding: '1200000.00',
      shares: { insurer: '153600.00', fund: '518400.00' },
    });
    // B: principal 1,000,000.00 + interest due 3,100 + 2,800 + 3,100 = 1,009,000.00, shared in
    // full: insurer 403,600.00 + fund 605,400.00 = 1,009,000.00, more than the principal.
    expect(await defaultOf(b.caseNumber)).toMatchObject({
      principalOutstanding: '1000000.00',
      interestOutstanding: '9000.00',
      lossBase: '1009000.00',
      shares: { bank: '0.00', insurer: '403600.00', fund: '605400.00' },
    });

    await auction(a.caseNumber, a.ref, a.patent, '600000.00');
    await auction(b.caseNumber, b.ref, b.patent, '700000.00');
    await advanceTo(system, '2026-04-24'); // round 1 closes: both sold at the bid
    for (const loan of [a, b]) {
      expect((await getDisposal(system, loan.caseNumber)).status).toBe('SALE_AGREED');
    }

    // --- B completes on 2026-04-24 and settles (it used to fail: fund + insurer > principal) --
    await disposalStep(system, b.caseNumber, '/sale/complete', { costs: '10000.00' });
    const closedB = await expectCaseStatus(system, b.caseNumber, 'CLOSED');
    // Interest to 2026-04-24: three instalments due (9,000.00) and contract interest since
    // 04-15 on the 1,000,000.00 not yet due, 9 days: 900.00. No principal is overdue.
    const bInterest = sum([
      toFen('3100.00'),
      toFen('2800.00'),
      toFen('3100.00'),
      interestFen('1000000.00', 36n, days('2026-04-15', '2026-04-24')),
    ]);
    expect(fromFen(bInterest)).toBe('9900.00');
    // 700,000 − 10,000 − 9,900 = 680,100.00 = R, over D = 1,009,000.00 (not the principal):
    // fund 680,100 × 605,400 / 1,009,000 = 408,060.00, insurer × 403,600 / 1,009,000 =
    // 272,040.00, the bank nothing; unrecovered 1,000,000 − 680,100 = 319,900.00.
    const bWaterfall = expectedWaterfall({
      proceeds: toFen('700000.00'),
      costs: toFen('10000.00'),
      interest: bInterest,
      principal: toFen('1000000.00'),
      fundPaid: toFen('605400.00'),
      insurerPaid: toFen('403600.00'),
    });
    expect(bWaterfall).toMatchObject({
      fund: '408060.00',
      insurer: '272040.00',
      bankPrincipal: '0.00',
      unrecovered: '319900.00',
    });
    expect(closedB.settlement).toMatchObject({
      settledOn: '2026-04-24',
      fundPaid: '605400.00',
      insurerPaid: '403600.00',
      ...bWaterfall,
    });
    expect(closedB.closure).toMatchObject({ writeOff: { amount: '319900.00' } });

    // --- A completes on 2026-05-06, 19 days after the default --------------------------------
    await advanceTo(system, '2026-05-06');
    await disposalStep(system, a.caseNumber, '/sale/complete', { costs: '12000.00' });
    const closedA = await expectCaseStatus(system, a.caseNumber, 'CLOSED');
    const S = '2026-05-06';
    const line = (
      kind: string,
      seq: number | null,
      principalBase: string,
      annualRate: string,
      from: string,
      amountFen: bigint,
    ) => ({
      kind,
      seq,
      principalBase,
      annualRate,
      from,
      to: kind === 'SCHEDULED' ? undefined : S,
      days: kind === 'SCHEDULED' ? undefined : days(from, S),
      amount: fromFen(amountFen),
    });
    // (c) scheduled interest due and unpaid: the first three instalments.
    const scheduled = [
      line('SCHEDULED', 1, '1200000.00', '0.036', '2026-01-15', toFen('3720.00')),
      line('SCHEDULED', 2, '1100000.00', '0.036', '2026-02-15', toFen('3080.00')),
      line('SCHEDULED', 3, '1000000.00', '0.036', '2026-03-15', toFen('3100.00')),
    ];
    // (a) contract interest since the last due date 04-15 on the 900,000.00 not yet due:
    // 900,000 × 0.036 × 21 / 360 = 1,890.00.
    const contract = line(
      'CONTRACT',
      null,
      '900000.00',
      '0.036',
      '2026-04-15',
      interestFen('900000.00', 36n, days('2026-04-15', S)),
    );
    // (b) penalty at 1.5 × 3.6 % = 5.4 % on each overdue 100,000.00 from its due date:
    // 80 days → 1,200.00; 52 → 780.00; 21 → 315.00.
    const penalty = ['2026-02-15', '2026-03-15', '2026-04-15'].map((due, k) =>
      line(
        'PENALTY',
        k + 1,
        '100000.00',
        '0.054',
        due,
        interestFen('100000.00', 54n, days(due, S)),
      ),
    );
    const lines = [...scheduled, contract, ...penalty];
    expect(lines.map((l) => l.amount)).toEqual([
      '3720.00',
      '3080.00',
      '3100.00',
      '1890.00',
      '1200.00',
      '780.00',
      '315.00',
    ]);
    const aInterest = sum(lines.map((l) => toFen(l.amount)));
    expect(fromFen(aInterest)).toBe('14085.00');

    const basis = closedA.settlement.interestBasis as Json;
    expect(basis).toMatchObject({
      asOf: S,
      contractRate: '0.036',
      penaltyRate: '0.054',
      scheduled: '9900.00',
      contract: '1890.00',
      penalty: '2295.00',
      total: fromFen(aInterest),
    });
    expect(
      (basis.lines as Json[]).map((l) => ({
        kind: l.kind,
        seq: l.seq,
        principalBase: l.principalBase,
        annualRate: l.annualRate,
        from: l.from,
        to: l.kind === 'SCHEDULED' ? undefined : l.to,
        days: l.kind === 'SCHEDULED' ? undefined : l.days,
        amount: l.amount,
      })),
    ).toEqual(lines);

    // 600,000 − 12,000 − 14,085 = 573,915.00 = R of the principal 1,200,000.00:
    // fund 573,915 × 518,400 / 1,200,000 = 247,931.28, insurer × 153,600 / 1,200,000 = 73,461.12,
    // bank 573,915.00 − 247,931.28 − 73,461.12 = 252,522.60; unrecovered 626,085.00.
    const aWaterfall = expectedWaterfall({
      proceeds: toFen('600000.00'),
      costs: toFen('12000.00'),
      interest: aInterest,
      principal: toFen('1200000.00'),
      fundPaid: toFen('518400.00'),
      insurerPaid: toFen('153600.00'),
    });
    expect(aWaterfall).toMatchObject({
      bankPrincipal: '252522.60',
      fund: '247931.28',
      insurer: '73461.12',
      unrecovered: '626085.00',
    });
    expect(closedA.settlement).toMatchObject({
      settledOn: S,
      proceeds: '600000.00',
      principalDue: '1200000.00',
      ...aWaterfall,
    });

    // The distribution row keeps the same lines; the disposal file shows them.
    await withDb(system, async (db) => {
      const rows = await db.query(
        `SELECT bank_interest::text, interest_due::text, interest_basis FROM disposal_distribution
          WHERE case_number = $1`,
        [a.caseNumber],
      );
      expect(rows.rows).toEqual([
        { bank_interest: '14085.00', interest_due: '14085.00', interest_basis: basis },
      ]);
    });
    const file = await (
      await system.as(USERS.admin)
    ).get(`/api/v1/admin/disposal-files/${a.caseNumber}`);
    expectOk(file, 200);
    expect(file.body.waterfall).toMatchObject({ ...aWaterfall, interestBasis: basis });
  });
});
