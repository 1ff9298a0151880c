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
});
