import { startTestSystem, type TestSystem } from '../support/test-system';

/** Public calculators and identifier validation through HTTP; bad input is a 400, never a 500. */
describe('calculator and identifier endpoints', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem({ worker: false });
  });

  afterAll(async () => {
    await system.close();
  });

  it('computes the 12-month equal-instalment schedule to the fen', async () => {
    const user = await system.as('reviewer.pudong');
    const res = await user
      .post('/api/v1/calculators/schedule', {
        principal: '1000000.00',
        annualRate: '0.0345',
        termMonths: 12,
        method: 'EQUAL_INSTALMENT',
        startDate: '2026-01-15',
      })
      .expect(200);
    // Independent computation: r = 0.0345/12 = 0.002875; A = P·r·(1+r)^12/((1+r)^12−1) = 84898.82128…
    expect(res.body.instalments).toHaveLength(12);
    expect(res.body.instalments[0]).toEqual({
      seq: 1,
      dueDate: '2026-02-15',
      principal: '82023.82',
      interest: '2875.00',
      total: '84898.82',
      outstandingAfter: '917976.18',
    });
    expect(res.body.instalments[11]).toMatchObject({
      seq: 12,
      dueDate: '2027-01-15',
      principal: '84655.45',
      interest: '243.38',
      outstandingAfter: '0.00',
    });
    expect(res.body.totalInterest).toBe('18785.85');
  });

  it('clamps due dates to month ends and counts actual days for equal principal', async () => {
    const user = await system.as('officer.shcb');
    const res = await user
      .post('/api/v1/calculators/schedule', {
        principal: '300000.00',
        annualRate: '0.0360',
        termMonths: 3,
        method: 'EQUAL_PRINCIPAL',
        startDate: '2028-01-31',
      })
      .expect(200);
    // 2028 is a leap year: Feb 29, then back to the 31st. Interest = outstanding × 0.036 × days / 360.
    expect(res.body.instalments.map((i: { dueDate: string }) => i.dueDate)).toEqual([
      '2028-02-29',
      '2028-03-31',
      '2028-04-30',
    ]);
    expect(res.body.instalments.map((i: { interest: string }) => i.interest)).toEqual([
      '870.00',
      '620.00',
      '300.00',
    ]);
  });

  it.each([
    [
      {
        principal: '1000000.001',
        annualRate: '0.0345',
        termMonths: 12,
        method: 'EQUAL_INSTALMENT',
        startDate: '2026-01-15',
      },
      'VALIDATION_FAILED',
    ],
    [
      {
        principal: '1e6',
        annualRate: '0.0345',
        termMonths: 12,
        method: 'EQUAL_INSTALMENT',
        startDate: '2026-01-15',
      },
      'VALIDATION_FAILED',
    ],
    [
      {
        principal: '1000.00',
        annualRate: '3.45%',
        termMonths: 12,
        method: 'EQUAL_INSTALMENT',
        startDate: '2026-01-15',
      },
      'VALIDATION_FAILED',
    ],
    [
      {
        principal: '1000.00',
        annualRate: '0.0345',
        termMonths: 12,
        method: 'BALLOON',
        startDate: '2026-01-15',
      },
      'VALIDATION_FAILED',
    ],
    [
      {
        principal: '1000.00',
        annualRate: '0.0345',
        termMonths: 12,
        method: 'EQUAL_INSTALMENT',
        startDate: '2026-02-30',
      },
      'INVALID_SCHEDULE_REQUEST',
    ],
    [
      {
        principal: '1000.00',
        annualRate: '1.5',
        termMonths: 12,
        method: 'EQUAL_INSTALMENT',
        startDate: '2026-01-15',
      },
      'INVALID_RATE',
    ],
    [
      {
        principal: '0.00',
        annualRate: '0.0345',
        termMonths: 12,
        method: 'EQUAL_INSTALMENT',
        startDate: '2026-01-15',
      },
      'INVALID_SCHEDULE_REQUEST',
    ],
    [
      {
        principal: '1000.00',
        annualRate: '0.0345',
        termMonths: 12,
        method: 'EQUAL_INSTALMENT',
        startDate: '2026-01-15',
        paymentFrequencyMonths: 5,
      },
      'INVALID_SCHEDULE_REQUEST',
    ],
  ])('refuses bad input %j with 400 %s', async (body, code) => {
    const user = await system.as('officer.shcb');
    const res = await user.post('/api/v1/calculators/schedule', body);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe(code);
  });

  describe('POST /api/v1/calculators/interest-subsidy', () => {
    const RATIO_ONLY = {
      interestPaid: '2875.00',
      outstandingPrincipal: '1000000.00',
      periodStart: '2026-01-15',
      periodEnd: '2026-02-15',
      lpr: '0.0300',
      lprMultiple: '1',
      lprCap: false,
      ipShare: '1',
      ratio: '0.5',
      capRemaining: null,
    };

    it.each([
      [
        // 31 days; lprInterest = 1,000,000 × 0.03 × 31 / 360 = 930,000 / 360 = 2,583.333… → 2,583.33,
        // not a cap here; 2,875.00 × 1 × 0.5 = 1,437.50.
        'ratio only',
        RATIO_ONLY,
        {
          days: 31,
          lprInterest: '2583.33',
          base: '2875.00',
          ipBase: '2875.00',
          beforeCap: '1437.50',
          subsidy: '1437.50',
          limitedBy: null,
        },
      ],
      [
        // 2025-12-15 → 2026-01-15 = 17 + 14 = 31 days; lprInterest = 500,000 × 0.03 × 31 / 360
        // = 465,000 / 360 = 1,291.666… → 1,291.67 < 1,350.00 paid; × 0.6 = 775.002 → 775.00;
        // × 0.5 = 387.50. capRemaining omitted = no cap.
        'LPR cap binding, IP share 60 %, across a year end',
        {
          ...RATIO_ONLY,
          interestPaid: '1350.00',
          outstandingPrincipal: '500000.00',
          periodStart: '2025-12-15',
          periodEnd: '2026-01-15',
          lprCap: true,
          ipShare: '0.6',
          capRemaining: undefined,
        },
        {
          days: 31,
          lprInterest: '1291.67',
          base: '1291.67',
          ipBase: '775.00',
          beforeCap: '387.50',
          subsidy: '387.50',
          limitedBy: 'LPR',
        },
      ],
      [
        // Leap February, 29 days; lprInterest = 1,200,000 × 0.0345 × 1.4 × 29 / 360
        // = 1,680,840 / 360 = 4,669.00 > 3,400.00 paid, so the LPR does not bind;
        // 3,400.00 × 0.6 = 2,040.00 > 1,500.00 left under the caps.
        'cap binding',
        {
          ...RATIO_ONLY,
          interestPaid: '3400.00',
          outstandingPrincipal: '1200000.00',
          periodStart: '2028-02-01',
          periodEnd: '2028-03-01',
          lpr: '0.0345',
          lprMultiple: '1.4',
          lprCap: true,
          ratio: '0.6',
          capRemaining: '1500.00',
        },
        {
          days: 29,
          lprInterest: '4669.00',
          base: '3400.00',
          ipBase: '3400.00',
          beforeCap: '2040.00',
          subsidy: '1500.00',
          limitedBy: 'CAP',
        },
      ],
    ])('computes %s to the fen', async (_name, body, expected) => {
      const user = await system.as('reviewer.jinshan');
      const res = await user.post('/api/v1/calculators/interest-subsidy', body).expect(200);
      expect(res.body).toEqual(expected);
    });

    it.each([
      ['money with three decimals', { interestPaid: '2875.001' }, 'VALIDATION_FAILED'],
      ['money with a separator', { outstandingPrincipal: '1,000,000.00' }, 'VALIDATION_FAILED'],
      ['a cap in exponent form', { capRemaining: '1e3' }, 'VALIDATION_FAILED'],
      ['ratio "abc"', { ratio: 'abc' }, 'VALIDATION_FAILED'],
      ['lprCap as text', { lprCap: 'yes' }, 'VALIDATION_FAILED'],
      ['a missing period end', { periodEnd: undefined }, 'VALIDATION_FAILED'],
      ['an unknown field', { rate: '0.05' }, 'VALIDATION_FAILED'],
      ['periodEnd before periodStart', { periodEnd: '2026-01-14' }, 'INVALID_SUBSIDY_INPUT'],
      ['periodEnd equal to periodStart', { periodEnd: '2026-01-15' }, 'INVALID_SUBSIDY_INPUT'],
      ['a date that does not exist', { periodStart: '2026-02-30' }, 'INVALID_SUBSIDY_INPUT'],
      ['ratio above 1', { ratio: '1.5' }, 'INVALID_SUBSIDY_INPUT'],
      ['IP share above 1', { ipShare: '1.01' }, 'INVALID_SUBSIDY_INPUT'],
      ['LPR in percent', { lpr: '3.45' }, 'INVALID_SUBSIDY_INPUT'],
    ])('refuses %s: %j → 400 %s', async (_name, change, code) => {
      const user = await system.as('officer.shcb');
      const res = await user.post('/api/v1/calculators/interest-subsidy', {
        ...RATIO_ONLY,
        ...change,
      });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.code).toBe(code);
    });

    it('names the offending field of a domain refusal', async () => {
      const user = await system.as('officer.shcb');
      const res = await user
        .post('/api/v1/calculators/interest-subsidy', { ...RATIO_ONLY, periodEnd: '2025-12-31' })
        .expect(400);
      expect(res.body).toMatchObject({
        code: 'INVALID_SUBSIDY_INPUT',
        details: { field: 'periodEnd', value: '2025-12-31' },
        detailZh: '补贴计算参数 periodEnd 无效',
      });
    });

    it('is described in the OpenAPI document, capRemaining optional', async () => {
      const res = await system.http.get('/docs/openapi.json').expect(200);
      expect(res.body.paths['/api/v1/calculators/interest-subsidy']?.post).toBeDefined();
      const schema = res.body.components.schemas.InterestSubsidyRequestDto;
      expect(schema.required).toEqual(expect.arrayContaining(['interestPaid', 'lprCap', 'ratio']));
      expect(schema.required).not.toContain('capRemaining');
    });

    it('requires a signed-in user', async () => {
      const res = await system.http
        .post('/api/v1/calculators/interest-subsidy')
        .send(RATIO_ONLY)
        .expect(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    });
  });

  it.each([
    ['USCC', '91350200776049653A', { valid: true, normalized: '91350200776049653A', reason: null }],
    [
      'USCC',
      '91350200776049653B',
      { valid: false, reason: 'USCC_CHECK_CHARACTER_MISMATCH', severity: 'WARNING' },
    ],
    ['USCC', '9135020077604965', { valid: false, normalized: null, reason: 'USCC_LENGTH' }],
    ['PATENT_APPLICATION', 'ZL 2014 1036 2077.3', { valid: true, normalized: '201410362077.3' }],
    ['PATENT_APPLICATION', 'CN201210343937X', { valid: true, normalized: '201210343937.X' }],
    [
      'PATENT_APPLICATION',
      '201410362077.4',
      { valid: false, reason: 'PATENT_CHECK_CHARACTER_MISMATCH' },
    ],
    ['TRADEMARK', '31234567', { valid: true, normalized: '31234567' }],
    ['SOFTWARE_COPYRIGHT', '2014sr001852', { valid: true, normalized: '2014SR001852' }],
    ['SOFTWARE_COPYRIGHT', '2014-001852', { valid: false, reason: 'SOFTWARE_COPYRIGHT_FORMAT' }],
  ])('validates %s %s', async (kind, value, expected) => {
    const user = await system.as('officer.shcb');
    const res = await user
      .get(`/api/v1/identifiers/validate?kind=${kind}&value=${encodeURIComponent(value)}`)
      .expect(200);
    expect(res.body).toMatchObject(expected);
  });

  it('refuses an unknown identifier kind with 400', async () => {
    const user = await system.as('officer.shcb');
    const res = await user.get('/api/v1/identifiers/validate?kind=ISBN&value=1').expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });

  describe('disposal waterfall', () => {
    const owed = { interestDue: '20000.00', principalDue: '800000.00' };

    it.each([
      [
        // 1,000,000 − costs 30,000 − interest 20,000 = 950,000; R = min(950,000, 800,000);
        // fund 800,000 × 432,000/800,000 = 432,000; insurer × 128,000/800,000 = 128,000;
        // bank 800,000 − 560,000 = 240,000; pledgor 950,000 − 800,000 = 150,000
        'proceeds cover everything, the residue goes to the pledgor',
        {
          proceeds: '1000000.00',
          costs: '30000.00',
          ...owed,
          fundPaid: '432000.00',
          insurerPaid: '128000.00',
        },
        {
          costs: '30000.00',
          bankInterest: '20000.00',
          bankPrincipal: '240000.00',
          fund: '432000.00',
          insurer: '128000.00',
          pledgor: '150000.00',
          unrecovered: '0.00',
        },
      ],
      [
        // 40,000 − 30,000 = 10,000 of the 20,000 interest; nothing for principal;
        // unrecovered = 10,000 interest + 800,000 principal
        'interest only partly covered',
        {
          proceeds: '40000.00',
          costs: '30000.00',
          ...owed,
          fundPaid: '432000.00',
          insurerPaid: '128000.00',
        },
        {
          costs: '30000.00',
          bankInterest: '10000.00',
          bankPrincipal: '0.00',
          fund: '0.00',
          insurer: '0.00',
          pledgor: '0.00',
          unrecovered: '810000.00',
        },
      ],
      [
        // 115.01 − 10.00 − 5.00 → R = 100.01 = 10,001 fen of 300.00 principal:
        // fund 10,001 × 100/300 = 3,333.67 → 33.34; insurer 10,001 × 50/300 = 1,666.83 → 16.67;
        // bank 100.01 − 33.34 − 16.67 = 50.00; unrecovered 300.00 − 100.01 = 199.99
        'principal partly recovered, shares rounded half-up to the fen',
        {
          proceeds: '115.01',
          costs: '10.00',
          interestDue: '5.00',
          principalDue: '300.00',
          fundPaid: '100.00',
          insurerPaid: '50.00',
        },
        {
          costs: '10.00',
          bankInterest: '5.00',
          bankPrincipal: '50.00',
          fund: '33.34',
          insurer: '16.67',
          pledgor: '0.00',
          unrecovered: '199.99',
        },
      ],
      [
        // 133,456.79 − 5,000 − 5,000 → R = 123,456.79 = 12,345,679 fen of 1,000,000.00:
        // fund × 0.54 = 6,666,666.66 → 66,666.67; insurer × 0.16 = 1,975,308.64 → 19,753.09;
        // bank 12,345,679 − 6,666,667 − 1,975,309 = 3,703,703 → 37,037.03
        'the bank takes the rounding remainder of R',
        {
          proceeds: '133456.79',
          costs: '5000.00',
          interestDue: '5000.00',
          principalDue: '1000000.00',
          fundPaid: '540000.00',
          insurerPaid: '160000.00',
        },
        {
          costs: '5000.00',
          bankInterest: '5000.00',
          bankPrincipal: '37037.03',
          fund: '66666.67',
          insurer: '19753.09',
          pledgor: '0.00',
          unrecovered: '876543.21',
        },
      ],
      [
        // Once refused, now capped: fund 700.00 + insurer 100.01 = 800.01 paid on a principal of
        // 800.00 (their loss base held interest). 1,000 − 10 − 20 → R = 800.00 = 80,000 fen,
        // shared over D = 80,001 fen: fund 80,000 × 70,000 / 80,001 = 69,999.125 → 699.99;
        // insurer 80,000 × 10,001 / 80,001 = 10,000.875 → 100.01; bank 0; pledgor 170.00
        'fund + insurer above the principal settle with their shares capped',
        {
          proceeds: '1000.00',
          costs: '10.00',
          interestDue: '20.00',
          principalDue: '800.00',
          fundPaid: '700.00',
          insurerPaid: '100.01',
        },
        {
          costs: '10.00',
          bankInterest: '20.00',
          bankPrincipal: '0.00',
          fund: '699.99',
          insurer: '100.01',
          pledgor: '170.00',
          unrecovered: '0.00',
        },
      ],
    ])('%s', async (_label, body, expected) => {
      const user = await system.as('fund.manager');
      const res = await user.post('/api/v1/calculators/disposal-waterfall', body).expect(200);
      expect(res.body).toEqual({ interestDue: body.interestDue, interestBasis: null, ...expected });
    });

    it('computes the interest to the settlement date line by line, as a settled case does', async () => {
      // Equal principal, 1,200,000.00 at 3.6 % from 2026-01-15, twelve monthly instalments of
      // 100,000.00 principal; nothing repaid. Interest per day per 1,000,000.00 is 100.00.
      const user = await system.as('officer.shcb');
      const schedule = (
        await user
          .post('/api/v1/calculators/schedule')
          .send({
            principal: '1200000.00',
            annualRate: '0.036',
            termMonths: 12,
            method: 'EQUAL_PRINCIPAL',
            startDate: '2026-01-15',
          })
          .expect(200)
      ).body.instalments.map(
        (i: Record<string, unknown>, k: number, all: Record<string, unknown>[]) => ({
          seq: i.seq,
          periodStart: k === 0 ? '2026-01-15' : all[k - 1]!.dueDate,
          dueDate: i.dueDate,
          principal: i.principal,
          interest: i.interest,
        }),
      );
      const res = await user
        .post('/api/v1/calculators/disposal-waterfall')
        .send({
          proceeds: '600000.00',
          costs: '10000.00',
          principalDue: '1200000.00',
          fundPaid: '500000.00',
          insurerPaid: '200000.00',
          interest: { settlementDate: '2026-05-29', annualRate: '0.036', schedule },
        })
        .expect(200);
      // Scheduled, due and unpaid: 1,200,000 × 31 days = 3,720.00, 1,100,000 × 28 = 3,080.00,
      // 1,000,000 × 31 = 3,100.00, 900,000 × 30 = 2,700.00 → 12,600.00.
      // Contract since 2026-05-15 on the 800,000.00 not yet due: 14 days → 1,120.00.
      // Penalty at 0.036 × 1.5 = 0.054 (150.00 a day per 1,000,000.00) on each overdue
      // 100,000.00 from its due date to 2026-05-29: 103, 75, 44 and 14 days → 1,545.00,
      // 1,125.00, 660.00, 210.00 = 3,540.00. Interest 12,600 + 1,120 + 3,540 = 17,260.00.
      // 600,000 − 10,000 − 17,260 = 572,740.00 = R (57,274,000 fen) of 1,200,000.00:
      // fund 57,274,000 × 500,000 / 1,200,000 = 23,864,166.67 → 238,641.67;
      // insurer × 200,000 / 1,200,000 = 9,545,666.67 → 95,456.67;
      // bank 572,740.00 − 238,641.67 − 95,456.67 = 238,641.66; unrecovered 627,260.00.
      expect(res.body).toMatchObject({
        interestDue: '17260.00',
        costs: '10000.00',
        bankInterest: '17260.00',
        bankPrincipal: '238641.66',
        fund: '238641.67',
        insurer: '95456.67',
        pledgor: '0.00',
        unrecovered: '627260.00',
        interestBasis: {
          asOf: '2026-05-29',
          contractRate: '0.036',
          penaltyRate: '0.054',
          scheduled: '12600.00',
          contract: '1120.00',
          penalty: '3540.00',
          total: '17260.00',
        },
      });
      expect(
        (res.body.interestBasis.lines as Record<string, unknown>[]).map((l) => [
          l.kind,
          l.seq,
          l.principalBase,
          l.from,
          l.to,
          l.days,
          l.amount,
        ]),
      ).toEqual([
        ['SCHEDULED', 1, '1200000.00', '2026-01-15', '2026-02-15', 31, '3720.00'],
        ['SCHEDULED', 2, '1100000.00', '2026-02-15', '2026-03-15', 28, '3080.00'],
        ['SCHEDULED', 3, '1000000.00', '2026-03-15', '2026-04-15', 31, '3100.00'],
        ['SCHEDULED', 4, '900000.00', '2026-04-15', '2026-05-15', 30, '2700.00'],
        ['CONTRACT', null, '800000.00', '2026-05-15', '2026-05-29', 14, '1120.00'],
        ['PENALTY', 1, '100000.00', '2026-02-15', '2026-05-29', 103, '1545.00'],
        ['PENALTY', 2, '100000.00', '2026-03-15', '2026-05-29', 75, '1125.00'],
        ['PENALTY', 3, '100000.00', '2026-04-15', '2026-05-29', 44, '660.00'],
        ['PENALTY', 4, '100000.00', '2026-05-15', '2026-05-29', 14, '210.00'],
      ]);

      // An explicit penalty rate wins over the multiplier: 0.072 is 200.00 a day per 1,000,000.00,
      // so the penalty is 2,060.00 + 1,500.00 + 880.00 + 280.00 = 4,720.00.
      const explicit = await user
        .post('/api/v1/calculators/disposal-waterfall')
        .send({
          proceeds: '600000.00',
          costs: '10000.00',
          principalDue: '1200000.00',
          fundPaid: '500000.00',
          insurerPaid: '200000.00',
          interest: {
            settlementDate: '2026-05-29',
            annualRate: '0.036',
            penaltyRate: '0.072',
            schedule,
          },
        })
        .expect(200);
      expect(explicit.body.interestBasis).toMatchObject({
        penaltyRate: '0.072',
        penalty: '4720.00',
      });
    });

    const ROW = {
      seq: 1,
      periodStart: '2026-01-15',
      dueDate: '2026-02-15',
      principal: '800.00',
      interest: '2.48',
    };
    const valid = {
      proceeds: '1000.00',
      costs: '10.00',
      interestDue: '20.00',
      principalDue: '800.00',
      fundPaid: '400.00',
      insurerPaid: '100.00',
    };

    it.each([
      [{ ...valid, proceeds: '1000.001' }, 'VALIDATION_FAILED'],
      [{ ...valid, costs: '-1.00' }, 'VALIDATION_FAILED'],
      [{ ...valid, principalDue: 800 }, 'VALIDATION_FAILED'],
      [{ ...valid, fundPaid: '4e2' }, 'VALIDATION_FAILED'],
      [{ ...valid, insurerPaid: undefined }, 'VALIDATION_FAILED'],
      [{ ...valid, recoveries: '1.00' }, 'VALIDATION_FAILED'],
      // the bank's interest given twice, or not at all
      [
        {
          ...valid,
          interest: { settlementDate: '2026-05-29', annualRate: '0.036', schedule: [ROW] },
        },
        'INVALID_WATERFALL_INPUT',
      ],
      [{ ...valid, interestDue: undefined }, 'INVALID_WATERFALL_INPUT'],
      // a penalty multiplier below 1 would undercut the contract rate
      [
        {
          ...valid,
          interestDue: undefined,
          interest: {
            settlementDate: '2026-05-29',
            annualRate: '0.036',
            penaltyRateMultiplier: '0.9',
            schedule: [ROW],
          },
        },
        'INVALID_PENALTY_TERMS',
      ],
      // a schedule row that is not one
      [
        {
          ...valid,
          interestDue: undefined,
          interest: {
            settlementDate: '2026-05-29',
            annualRate: '0.036',
            schedule: [{ ...ROW, principal: 100 }],
          },
        },
        'VALIDATION_FAILED',
      ],
    ])('refuses %j with 400 %s', async (body, code) => {
      const user = await system.as('officer.shcb');
      const res = await user.post('/api/v1/calculators/disposal-waterfall', body);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.code).toBe(code);
    });
  });
});
