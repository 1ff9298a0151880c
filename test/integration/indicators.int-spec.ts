import {
  buildWorkingCalendar,
  workingDaysBetween,
} from '../../libs/domain/src/calendar/working-calendar';
import { entriesOfNotice, HOLIDAY_NOTICES } from '../../libs/domain/src/calendar/holiday-notices';
import { DEMO_ENTERPRISES } from '../../libs/persistence/src/seed/seed';
import {
  act,
  addDays,
  advanceTo,
  businessDate,
  declareDefault,
  driveToRegistered,
  expectOk,
  expectProblem,
  fromFen,
  getCase,
  newUscc,
  openCase,
  PLEDGOR,
  registerAsset,
  toFen,
  USERS,
  withDb,
  type EnterpriseSpec,
  type Json,
} from '../support/case-flows';
import {
  claimOf,
  fundClaimId,
  insuranceClaimId,
  openInterestOnlyLoan,
  payCompensationClaims,
  registerTransfer,
} from '../support/disposal-flows';
import {
  claimAct,
  openLoan,
  policyTerms,
  poolFigures,
  publishPolicy,
  repayOnDueDates,
  submitInterest,
} from '../support/subsidy-flows';
import { startTestSystem, type TestSystem } from '../support/test-system';

jest.setTimeout(600_000);

/** What the test knows of each case it made, from its own steps. */
interface Loan {
  caseNumber: string;
  bank: string;
  district: string;
  uscc: string;
  amount: string;
  viewer: string;
  registeredOn: string | null;
  disbursedOn: string | null;
  /** Principal repaid, by value date. */
  principalRepaid: { on: string; amount: string }[];
  defaulted: { on: string; principal: string } | null;
  compensationPaid: { on: string; amount: string }[];
  settled: { on: string; proceeds: string; recovered: string } | null;
  /** First business date the case entered each status (from its timeline). */
  entered: Record<string, string>;
}

interface Subsidy {
  kind: string;
  district: string;
  bank: string;
  paidOn: string;
  amount: string;
}

const STAGES: [string, string][] = [
  ['DRAFT', 'SUBMITTED'],
  ['SUBMITTED', 'VERIFIED'],
  ['VERIFIED', 'VALUED'],
  ['VALUED', 'APPROVED'],
  ['APPROVED', 'CONTRACTED'],
  ['CONTRACTED', 'REGISTERED'],
  ['REGISTERED', 'ACTIVE'],
];

const CALENDAR = buildWorkingCalendar({
  years: HOLIDAY_NOTICES.map((n) => n.year),
  entries: HOLIDAY_NOTICES.flatMap(entriesOfNotice),
});

const sumFen = (values: string[]) => values.reduce((t, v) => t + toFen(v), 0n);
const yuan = (values: string[]) => fromFen(sumFen(values));

/** A ratio to four places, half away from zero, null on a zero base (exact, in integers). */
function ratio(part: bigint, base: bigint): string | null {
  if (base === 0n) return null;
  const negative = part < 0n !== base < 0n && part !== 0n;
  const [p, b] = [part < 0n ? -part : part, base < 0n ? -base : base];
  const scaled = (p * 10000n * 2n + b) / (2n * b);
  const text = `${scaled / 10000n}.${String(scaled % 10000n).padStart(4, '0')}`;
  return negative ? `-${text}` : text;
}

function median(values: number[]): string | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const m = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return m.toFixed(1);
}

const inYear = (date: string | null | undefined, year: number, asOf: string): date is string =>
  !!date && date.startsWith(`${year}-`) && date <= asOf;

/**
 * The programme indicators: a portfolio of two banks, two districts and two years (the business
 * date moved into the next), with disbursed, repaid, registered-only, defaulted, compensated and
 * disposed-of cases and a paid subsidy claim; every figure compared with one computed here from
 * what the test did (never from the same SQL), for the city, a district and a bank, at two
 * dates; and who may read which figures.
 */
describe('programme indicators', () => {
  let system: TestSystem;
  const loans: Loan[] = [];
  const subsidies: Subsidy[] = [];
  const fresh = (name: string): EnterpriseSpec & { name: string } => ({
    uscc: newUscc(),
    name: `上海指标测试${name}有限公司`,
    districtCode: '310115',
  });

  function track(
    caseNumber: string,
    bank: string,
    enterprise: EnterpriseSpec,
    amount: string,
    viewer: string,
  ): Loan {
    const loan: Loan = {
      caseNumber,
      bank,
      district: enterprise.districtCode ?? '310115',
      uscc: enterprise.uscc,
      amount,
      viewer,
      registeredOn: null,
      disbursedOn: null,
      principalRepaid: [],
      defaulted: null,
      compensationPaid: [],
      settled: null,
      entered: {},
    };
    loans.push(loan);
    return loan;
  }

  /** Opens a case for `enterprise` and drives it to REGISTERED (registered on the business date). */
  async function registered(options: {
    enterprise: EnterpriseSpec & { name: string };
    amount: string;
    bank?: 'BANK-SHCB' | 'BANK-PDIB';
  }): Promise<Loan> {
    const pdib = options.bank === 'BANK-PDIB';
    const officer = pdib ? USERS.otherBankOfficer : USERS.officer;
    const asset = await registerAsset(system, { owners: [options.enterprise.uscc] });
    const { caseNumber } = await openCase(
      system,
      {
        enterprise: options.enterprise,
        amount: options.amount,
        productCode: pdib ? 'PDIB-IP-FAST' : 'SHCB-IP-STD',
        assets: [{ type: 'PATENT', number: asset }],
      },
      officer,
    );
    const on = await businessDate(system);
    await driveToRegistered(system, caseNumber, {
      on,
      officer,
      ...(pdib ? { approver: 'approver.pdib' } : {}),
    });
    const loan = track(
      caseNumber,
      options.bank ?? 'BANK-SHCB',
      options.enterprise,
      options.amount,
      officer,
    );
    loan.registeredOn = on;
    return loan;
  }

  async function disburse(loan: Loan): Promise<void> {
    const on = await businessDate(system);
    const view = await act(
      system,
      loan.caseNumber,
      '/disbursement',
      { reference: `DB-${loan.caseNumber.slice(-20)}`, valueDate: on },
      loan.viewer,
    );
    expect(view.status).toBe('ACTIVE');
    loan.disbursedOn = on;
  }

  let p1: Loan, p2: Loan, p3: Loan, p5: Loan;
  let firstYearEnd: string;

  beforeAll(async () => {
    system = await startTestSystem();
    const t0 = await businessDate(system);
    expect(t0).toBe('2026-01-15');
    await publishPolicy(
      system,
      'approver.xuhui',
      'INTEREST',
      policyTerms({ programme: 'XUHUI-INDICATORS' }),
    );

    // 2026. p1: SHCB, Pudong, interest only, defaults, compensated, sold below the floor.
    const one = await openInterestOnlyLoan(system, {
      on: t0,
      valuationValidUntil: '2026-12-31',
      title: 'indicators: default and disposal',
    });
    p1 = track(one.caseNumber, 'BANK-SHCB', PLEDGOR, '1000000.00', USERS.officer);
    p1.registeredOn = t0;
    p1.disbursedOn = t0;
    // p2: SHCB, Xuhui, interest only; pays its first instalment and claims the subsidy.
    const xuhui = { ...DEMO_ENTERPRISES.xuhuiSoft };
    const two = await openLoan(system, { enterprise: xuhui, amount: '500000.00', termMonths: 12 });
    p2 = track(two.caseNumber, 'BANK-SHCB', xuhui, '500000.00', USERS.officer);
    p2.registeredOn = t0;
    p2.disbursedOn = t0;
    // p3: PDIB, a first-time borrower of Pudong, disbursed five days after its registration.
    p3 = await registered({ enterprise: fresh('甲'), amount: '700000.00', bank: 'BANK-PDIB' });
    // SHCB, registered, never disbursed; a draft of another firm counts nowhere.
    await registered({ enterprise: fresh('乙'), amount: '300000.00' });
    const draftAsset = await registerAsset(system, { owners: [xuhui.uscc] });
    await openCase(system, {
      enterprise: xuhui,
      amount: '200000.00',
      assets: [{ type: 'PATENT', number: draftAsset }],
    });

    await advanceTo(system, addDays(t0, 5));
    await disburse(p3);
    const defaulted = await declareDefault(system, p1.caseNumber);
    p1.defaulted = {
      on: defaulted.default.on,
      principal: '1000000.00', // interest only, nothing repaid
    };

    // The first instalment of p2 falls due a month after disbursement; paid on the day.
    const firstDue = (await getCase(system, p2.caseNumber)).schedule[0];
    await advanceTo(system, firstDue.dueDate);
    await repayOnDueDates(system, p2.caseNumber, [1]);
    p2.principalRepaid.push({ on: firstDue.dueDate, amount: firstDue.principal });
    const claim = await submitInterest(system, USERS.officer, {
      caseNumber: p2.caseNumber,
      fromInstalment: 1,
      toInstalment: 1,
    });
    await claimAct(system, claim.id, 'review', 'reviewer.xuhui');
    await claimAct(system, claim.id, 'approve', 'approver.xuhui');
    const paid = await claimAct(system, claim.id, 'pay', 'reviewer.xuhui', {
      paymentReference: `PAY-${claim.id}`,
    });
    subsidies.push({
      kind: 'INTEREST',
      district: '310104',
      bank: 'BANK-SHCB',
      paidOn: await businessDate(system),
      amount: paid.paidAmount,
    });

    // Compensation once the fund may be claimed, then a negotiated sale below the floor.
    const eligibleOn = claimOf(await getCase(system, p1.caseNumber), fundClaimId(p1.caseNumber))
      .eligibleOn as string;
    if (eligibleOn > (await businessDate(system))) await advanceTo(system, eligibleOn);
    const { fundPaid } = await payCompensationClaims(
      system,
      p1.caseNumber,
      `IND-${p1.caseNumber.slice(-12)}`,
    );
    for (const id of [insuranceClaimId(p1.caseNumber), fundClaimId(p1.caseNumber)]) {
      const payment = claimOf(fundPaid, id).payment;
      p1.compensationPaid.push({ on: payment.paidOn, amount: payment.amount });
    }
    expect((await act(system, p1.caseNumber, '/disposal')).status).toBe('DISPOSAL');
    await act(system, p1.caseNumber, '/disposal/method', { method: 'NEGOTIATED_TRANSFER' });
    const proposed = await act(system, p1.caseNumber, '/disposal/sale', {
      method: 'NEGOTIATED_TRANSFER',
      buyer: newUscc(),
      price: '750000.00',
    });
    expect(proposed.status).toBe('AWAITING_APPROVAL');
    await act(
      system,
      p1.caseNumber,
      '/disposal/sale/approve',
      { reason: 'the only offer', ground: 'NO_MARKET_EVALUATOR_OPINION' },
      USERS.admin,
    );
    await act(system, p1.caseNumber, '/disposal/sale/complete', { costs: '10000.00' });
    const settledOn = await businessDate(system);
    expect((await registerTransfer(system, p1.caseNumber, settledOn)).status).toBe('COMPLETED');
    const closed = await getCase(system, p1.caseNumber);
    expect(closed.status).toBe('CLOSED');
    p1.settled = {
      on: closed.settlement.settledOn,
      proceeds: closed.settlement.proceeds,
      recovered: yuan([closed.settlement.fund, closed.settlement.insurer]),
    };
    expect(p1.settled.proceeds).toBe('750000.00');
    firstYearEnd = '2026-12-31';

    // 2027: one new loan of another first-time borrower, all on one day.
    await advanceTo(system, '2027-01-12');
    p5 = await registered({ enterprise: fresh('丙'), amount: '450000.00' });
    await disburse(p5);

    for (const loan of loans) {
      const res = await (
        await system.as(loan.viewer)
      ).get(`/api/v1/cases/${loan.caseNumber}/timeline`);
      expectOk(res, 200);
      for (const entry of res.body.entries as Json[])
        loan.entered[entry.toStatus] ??= entry.businessDate;
    }
  });

  afterAll(async () => {
    await system?.close();
  });

  /** Every figure, computed from the loans and claims above for a year, date and scope. */
  async function expected(
    year: number,
    asOf: string,
    district: string | null,
    bank: string | null,
  ) {
    const mine = loans.filter(
      (l) => (!district || l.district === district) && (!bank || l.bank === bank),
    );
    const registeredIn = (y: number) => mine.filter((l) => inYear(l.registeredOn, y, asOf));
    const [now, before] = [registeredIn(year), registeredIn(year - 1)];
    const [amount, previousAmount] = [
      sumFen(now.map((l) => l.amount)),
      sumFen(before.map((l) => l.amount)),
    ];
    const outstanding = mine
      .filter((l) => l.disbursedOn && l.disbursedOn <= asOf && !(l.settled && l.settled.on <= asOf))
      .map((l) =>
        fromFen(
          toFen(l.amount) -
            sumFen(l.principalRepaid.filter((r) => r.on <= asOf).map((r) => r.amount)),
        ),
      );
    // Each enterprise's first disbursement anywhere; it counts where that loan was made.
    const firsts = new Map<string, Loan>();
    for (const l of [...loans]
      .filter((l) => l.disbursedOn)
      .sort((a, b) => (a.disbursedOn! < b.disbursedOn! ? -1 : 1)))
      if (!firsts.has(l.uscc)) firsts.set(l.uscc, l);
    const subsidyRows = subsidies.filter(
      (s) =>
        inYear(s.paidOn, year, asOf) &&
        (!district || s.district === district) &&
        (!bank || s.bank === bank),
    );
    const groups = new Map<string, Subsidy[]>();
    for (const s of subsidyRows)
      groups.set(`${s.district}|${s.kind}`, [...(groups.get(`${s.district}|${s.kind}`) ?? []), s]);
    const budgetUse: Json[] = [];
    if (!bank) {
      for (const d of district ? [district] : ['310104', '310110', '310115', '310116'])
        for (const kind of ['INSURANCE_PREMIUM', 'INTEREST']) {
          // The pool row is the record of the budget; what was paid from it is checked below.
          const pool = await poolFigures(system, d, kind, year);
          if (pool)
            budgetUse.push({
              districtCode: d,
              kind,
              year,
              total: pool.total,
              reserved: pool.reserved,
              paid: pool.paid,
            });
        }
    }
    const defaults = mine.filter((l) => inYear(l.defaulted?.on, year, asOf));
    const settled = mine.filter((l) => inYear(l.settled?.on, year, asOf));
    const claimed = sumFen(settled.map((l) => l.defaulted!.principal));
    const proceeds = sumFen(settled.map((l) => l.settled!.proceeds));
    const disbursed = mine.filter((l) => inYear(l.entered.ACTIVE, year, asOf));
    const days = (from: string, to: string) =>
      disbursed
        .filter((l) => l.entered[from] && l.entered[to])
        .map((l) => workingDaysBetween(CALENDAR, l.entered[from]!, l.entered[to]!));
    const total = days('DRAFT', 'ACTIVE');
    return {
      year,
      asOf,
      filters: { district, bank },
      registeredPledge: {
        amount: fromFen(amount),
        projects: now.length,
        previousAmount: fromFen(previousAmount),
        previousProjects: before.length,
        amountGrowth: ratio(amount - previousAmount, previousAmount),
        projectsGrowth: ratio(BigInt(now.length - before.length), BigInt(before.length)),
      },
      outstandingBalance: yuan(outstanding),
      firstTimeBorrowers: [...firsts.values()].filter(
        (l) =>
          inYear(l.disbursedOn, year, asOf) &&
          (!district || l.district === district) &&
          (!bank || l.bank === bank),
      ).length,
      subsidiesPaid: [...groups.entries()].sort().map(([key, rows]) => ({
        kind: key.split('|')[1],
        districtCode: key.split('|')[0],
        amount: yuan(rows.map((r) => r.amount)),
        claims: rows.length,
      })),
      budgetUse,
      defaults: {
        count: defaults.length,
        principal: yuan(defaults.map((l) => l.defaulted!.principal)),
      },
      compensation: {
        paid: yuan(
          mine.flatMap((l) =>
            l.compensationPaid.filter((p) => inYear(p.on, year, asOf)).map((p) => p.amount),
          ),
        ),
        recovered: yuan(settled.map((l) => l.settled!.recovered)),
      },
      disposal: {
        settled: settled.length,
        recovered: fromFen(proceeds),
        claimed: fromFen(claimed),
        recoveryRate: ratio(proceeds, claimed),
      },
      workingDays: {
        applicationToDisbursement: { median: median(total), cases: total.length },
        perStage: STAGES.map(([from, to]) => {
          const d = days(from, to);
          return { stage: `${from}→${to}`, median: median(d), cases: d.length };
        }),
      },
      targets: { balanceBy2028: '50000000000.00', amountGrowth: '0.30', projectsGrowth: '0.20' },
    };
  }

  async function read(who: string, query: string): Promise<Json> {
    const res = await (await system.as(who)).get(`/api/v1/indicators?${query}`);
    expectOk(res, 200);
    return res.body;
  }

  it('the city’s figures equal those computed from the portfolio, for each year and at two dates', async () => {
    const today = await businessDate(system);
    const cases: [number, string][] = [
      [2026, firstYearEnd],
      [2026, '2026-01-17'], // before p3's disbursement and p1's default
      [2027, today],
    ];
    for (const [year, asOf] of cases) {
      expect(await read(USERS.admin, `year=${year}&asOf=${asOf}`)).toEqual(
        await expected(year, asOf, null, null),
      );
    }
    // Defaults to the business date and its year.
    expect(await read(USERS.admin, '')).toEqual(await expected(2027, today, null, null));
    // The portfolio is not trivial: each figure has something in it.
    const full = await read(USERS.admin, `year=2026&asOf=${firstYearEnd}`);
    expect(full.registeredPledge.projects).toBe(4);
    expect(full.firstTimeBorrowers).toBe(3);
    expect(full.subsidiesPaid).toHaveLength(1);
    expect(
      full.budgetUse.find((p: Json) => p.districtCode === '310104' && p.kind === 'INTEREST').paid,
    ).toBe(subsidies[0]!.amount);
    expect(full.defaults.count).toBe(1);
    expect(full.compensation.paid).not.toBe('0.00');
    expect(full.compensation.recovered).not.toBe('0.00');
    const early = await read(USERS.admin, 'year=2026&asOf=2026-01-17');
    expect(early.outstandingBalance).toBe('1500000.00'); // p1 and p2, before p3 and the sale
    expect(full.outstandingBalance).toBe('1200000.00'); // p2 and p3 after p1's sale
    expect(full.disposal.recoveryRate).toBe('0.7500');
    const pdib = await read(USERS.admin, `year=2026&asOf=${firstYearEnd}&bank=BANK-PDIB`);
    expect(pdib.workingDays.perStage.find((s: Json) => s.stage === 'REGISTERED→ACTIVE')).toEqual({
      stage: 'REGISTERED→ACTIVE',
      median: '3.0', // registered Thursday 2026-01-15, disbursed Tuesday 2026-01-20
      cases: 1,
    });
    const next = await read(USERS.admin, `year=2027`);
    expect(next.registeredPledge.projectsGrowth).toBe('-0.7500');
    expect(next.registeredPledge.amountGrowth).not.toBeNull();
  });

  it('narrows to a district or a bank, and each reader to its own', async () => {
    for (const [district, bank] of [
      ['310104', null],
      ['310115', null],
      [null, 'BANK-PDIB'],
      [null, 'BANK-SHCB'],
      ['310115', 'BANK-SHCB'],
    ] as const) {
      const query = `year=2026&asOf=${firstYearEnd}${district ? `&district=${district}` : ''}${bank ? `&bank=${bank}` : ''}`;
      expect(await read(USERS.admin, query)).toEqual(
        await expected(2026, firstYearEnd, district, bank),
      );
    }
    // A bank reads its own loans whatever it asks; a district its own firms.
    const q = `year=2026&asOf=${firstYearEnd}`;
    expect(await read(USERS.otherBankOfficer, q)).toEqual(
      await expected(2026, firstYearEnd, null, 'BANK-PDIB'),
    );
    expect(await read(USERS.approver, `${q}&bank=BANK-SHCB&district=310104`)).toEqual(
      await expected(2026, firstYearEnd, '310104', 'BANK-SHCB'),
    );
    expect(await read('reviewer.xuhui', q)).toEqual(
      await expected(2026, firstYearEnd, '310104', null),
    );
    expect(await read('approver.pudong', `${q}&bank=BANK-PDIB`)).toEqual(
      await expected(2026, firstYearEnd, '310115', 'BANK-PDIB'),
    );
  });

  it('counts working days in SQL as the domain’s calendar does, holidays and make-up days included', async () => {
    const rows: { from: string; to: string; n: number }[] = await withDb(
      system,
      async (db) =>
        (
          await db.query(
            `SELECT to_char(a, 'YYYY-MM-DD') AS "from", to_char(b, 'YYYY-MM-DD') AS "to",
                  working_days_between(a::date, b) AS n
             FROM generate_series('2024-01-01'::date, '2026-12-01'::date, interval '5 days') AS a,
                  generate_series(-9, 45, 3) AS k,
                  LATERAL (SELECT (a + k * interval '1 day')::date AS b) AS x
            WHERE b BETWEEN '2024-01-01' AND '2026-12-31'`,
          )
        ).rows,
    );
    expect(rows.length).toBeGreaterThan(3000);
    const wrong = rows.filter((r) => r.n !== workingDaysBetween(CALENDAR, r.from, r.to));
    expect(wrong).toEqual([]);
  });

  it('documents the indicators’ and the case list’s answers in the OpenAPI document', async () => {
    const doc = (await system.http.get('/docs/openapi.json').expect(200)).body;
    const schemaOf = (path: string) =>
      doc.paths[path].get.responses['200'].content['application/json'].schema.$ref;
    expect(schemaOf('/api/v1/indicators')).toBe('#/components/schemas/IndicatorsResponseDto');
    expect(schemaOf('/api/v1/cases')).toBe('#/components/schemas/CaseListResponseDto');
    const answer = doc.components.schemas.IndicatorsResponseDto;
    const body = await read(USERS.admin, '');
    expect(Object.keys(answer.properties).sort()).toEqual(Object.keys(body).sort());
    const row = doc.components.schemas.CaseListRowDto;
    const listed = (await (await system.as(USERS.officer)).get('/api/v1/cases?limit=1')).body;
    expect(Object.keys(row.properties).sort()).toEqual(Object.keys(listed.items[0]).sort());
  });

  it('refuses other roles, other scopes, a future date and bad parameters by code', async () => {
    const get = async (who: string, query: string) =>
      (await system.as(who)).get(`/api/v1/indicators?${query}`);
    for (const who of [
      'insurer.anxin',
      'enterprise.pujiang',
      USERS.evaluator,
      USERS.clerk,
      'fund.manager',
    ])
      expectProblem(await get(who, ''), 403, 'ROLE_FORBIDDEN');
    expectProblem(await get(USERS.officer, 'bank=BANK-PDIB'), 403, 'FILTER_FORBIDDEN');
    expectProblem(await get('reviewer.xuhui', 'district=310115'), 403, 'FILTER_FORBIDDEN');
    const tomorrow = addDays(await businessDate(system), 1);
    expectProblem(await get(USERS.admin, `asOf=${tomorrow}`), 422, 'AS_OF_AFTER_BUSINESS_DATE');
    expectProblem(await get(USERS.admin, 'year=1999'), 400, 'VALIDATION_FAILED');
    expectProblem(await get(USERS.admin, 'asOf=2026-02-30'), 400, 'VALIDATION_FAILED');
    expectProblem(await get(USERS.admin, 'district=31'), 400, 'VALIDATION_FAILED');
  });
});
