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
    ])('%s', async (_label, body, expected) => {
      const user = await system.as('fund.manager');
      const res = await user.post('/api/v1/calculators/disposal-waterfall', body).expect(200);
      expect(res.body).toEqual(expected);
    });

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
      // 700.00 + 100.01 = 800.01 paid on a principal loss of 800.00
      [{ ...valid, fundPaid: '700.00', insurerPaid: '100.01' }, 'INVALID_WATERFALL_INPUT'],
    ])('refuses %j with 400 %s', async (body, code) => {
      const user = await system.as('officer.shcb');
      const res = await user.post('/api/v1/calculators/disposal-waterfall', body);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.code).toBe(code);
    });
  });
});
