import { advanceTo, businessDate, expectProblem, USERS, type Json } from '../support/case-flows';
import {
  allowedActions,
  claimAct,
  claimInterest,
  getClaim,
  openLoan,
  policyTerms,
  poolFigures,
  publishPolicy,
  repayOnDueDates,
  submitInterest,
} from '../support/subsidy-flows';
import { recordHistoriesIfAsked } from '../support/histories';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { testEnv } from '../setup/test-env';
import { subsidyClaimWorkflowId } from '../../workflows/subsidy-claim/subsidy-claim.shared';

jest.setTimeout(120_000);

/**
 * Claims computed by hand. Every loan below is interest-only at 4.35 %, disbursed on
 * 2026-01-15, so an instalment's interest is outstanding × 0.0435 × days / 360, half up:
 *   1,000,000.00 over 31 days = 3,745.8333… → 3,745.83; 28 days = 3,383.33; 30 days = 3,625.00.
 * The 1-year LPR in force on 2026-01-15 is 3.00 % (from 2025-05-20, seeded).
 */
describe('subsidy claims computed by hand', () => {
  let system: TestSystem;
  const loans: Record<'A' | 'B' | 'C' | 'D', string> = { A: '', B: '', C: '', D: '' };
  const claims: Record<string, Json> = {};

  beforeAll(async () => {
    system = await startTestSystem();
    expect(await businessDate(system)).toBe('2026-01-15');
    // Pudong: 50 % of the interest paid, no LPR cap, no caps (ratio only).
    await publishPolicy(
      system,
      'approver.pudong',
      'INTEREST',
      policyTerms({ programme: 'PUDONG-TEST-RATIO', eligibility: { registeredInDistrict: true } }),
    );
    // Jinshan: 50 %, interest counted at most at 1 × the 1-year LPR of the disbursement date.
    await publishPolicy(
      system,
      'approver.jinshan',
      'INTEREST',
      policyTerms({
        programme: 'JINSHAN-TEST-LPR',
        lprCap: { reference: 'DISBURSEMENT', tenor: 'ONE_YEAR', multiple: '1' },
      }),
    );
    // Xuhui: 50 %, at most 2,500.00 per enterprise per calendar year.
    await publishPolicy(
      system,
      'approver.xuhui',
      'INTEREST',
      policyTerms({
        programme: 'XUHUI-TEST-CAP',
        caps: { perLoan: null, perEnterprisePerYear: '2500.00', perEnterpriseCumulative: null },
      }),
    );
    // Yangpu: 50 % of the premium on the IP-secured share.
    await publishPolicy(
      system,
      'approver.yangpu',
      'INSURANCE_PREMIUM',
      policyTerms({
        programme: 'YANGPU-TEST-PREMIUM',
        requiredProofs: ['INSURANCE_POLICY'],
      }),
    );
    const loan = (amount: string, ipSecuredShare?: string) =>
      openLoan(system, { amount, termMonths: 12, ipSecuredShare }).then(
        (view) => view.caseNumber as string,
      );
    loans.A = await loan('1000000.00');
    loans.B = await loan('600000.00', '0.6');
    loans.C = await loan('1000000.00');
    loans.D = await loan('1000000.00');
    await advanceTo(system, '2026-02-15');
    for (const caseNumber of Object.values(loans)) await repayOnDueDates(system, caseNumber, [1]);
  });

  afterAll(async () => {
    await system?.close();
  });

  it('ratio only: 50 % of the interest paid, reviewed, approved by another person, paid from the pool', async () => {
    const before = await poolFigures(system, '310115', 'INTEREST', 2026);
    const claim = await submitInterest(system, USERS.officer, {
      caseNumber: loans.A,
      fromInstalment: 1,
      toInstalment: 1,
    });
    // 2026-01-15 → 2026-02-15 = 31 days; interest paid 3,745.83; × 0.5 = 1,872.915 → 1,872.92.
    expect(claim).toMatchObject({
      status: 'SUBMITTED',
      districtCode: '310115',
      budgetYear: 2026,
      periodStart: '2026-01-15',
      periodEnd: '2026-02-15',
      amount: '1872.92',
      limitedBy: null,
      reserved: true,
    });
    expect(claim.computation.lines).toEqual([
      expect.objectContaining({
        seq: 1,
        days: 31,
        interestPaid: '3745.83',
        outstandingPrincipal: '1000000.00',
        base: '3745.83',
        ipBase: '3745.83',
        beforeCap: '1872.92',
        subsidy: '1872.92',
      }),
    ]);
    expect(await poolFigures(system, '310115', 'INTEREST', 2026)).toMatchObject({
      total: before!.total,
      reserved: '1872.92',
      paid: '0.00',
    });

    // What each one may do next comes from the claim's transition table, through its workflow.
    expect(await allowedActions(system, claim.id, 'reviewer.pudong')).toEqual(['review', 'reject']);
    expect(await allowedActions(system, claim.id, USERS.officer)).toEqual([]);
    await claimAct(system, claim.id, 'review', 'reviewer.pudong', { note: 'vouchers match' });
    expect(await allowedActions(system, claim.id, 'approver.pudong')).toEqual([
      'approve',
      'reject',
    ]);
    const approved = await claimAct(system, claim.id, 'approve', 'approver.pudong');
    expect(approved.status).toBe('APPROVED');
    const paid = await claimAct(system, claim.id, 'pay', 'reviewer.pudong', {
      paymentReference: `PAY-${claim.id}`,
    });
    expect(await allowedActions(system, claim.id, 'approver.pudong')).toEqual(['claw-back']);
    expect(paid).toMatchObject({ status: 'PAID', paidAmount: '1872.92' });
    expect(await poolFigures(system, '310115', 'INTEREST', 2026)).toMatchObject({
      reserved: '0.00',
      paid: '1872.92',
    });
    expect(paid.timeline.map((e: Json) => e.event)).toEqual([
      'SUBMIT',
      'BUDGET_RESERVED',
      'REVIEW',
      'APPROVE',
      'PAY',
    ]);
    // Every state change of the claim is in the hash-chained audit log, with its actor.
    const admin = await system.as(USERS.admin);
    const audit = (
      await admin
        .get(`/api/v1/audit/entries?subjectType=SUBSIDY_CLAIM&subjectId=${claim.id}`)
        .expect(200)
    ).body;
    expect(
      (audit.items as Json[]).map((e) => [
        e.payload.event,
        e.payload.to,
        e.actor?.username ?? null,
      ]),
    ).toEqual([
      ['SUBMIT', 'SUBMITTED', USERS.officer],
      ['BUDGET_RESERVED', 'SUBMITTED', null],
      ['REVIEW', 'REVIEWED', 'reviewer.pudong'],
      ['APPROVE', 'APPROVED', 'approver.pudong'],
      ['PAY', 'PAID', 'reviewer.pudong'],
    ]);
    expect((await admin.get('/api/v1/audit/verify').expect(200)).body.ok).toBe(true);
    // A golden history of a paid claim, replayed by replay.int-spec.ts.
    await recordHistoriesIfAsked(
      system.env.TEMPORAL_ADDRESS!,
      testEnv().temporalCli,
      subsidyClaimWorkflowId(claim.id),
      'subsidy-claim-paid',
    );
    claims.A1 = paid;
  });

  it('IP share below 100 %: the enterprise claims; the base is apportioned to the IP-secured 60 %', async () => {
    const claim = await submitInterest(system, 'enterprise.pujiang', {
      caseNumber: loans.B,
      fromInstalment: 1,
      toInstalment: 1,
    });
    // 600,000.00 × 0.0435 × 31 / 360 = 2,247.50 exactly; × 0.6 = 1,348.50; × 0.5 = 674.25.
    expect(claim).toMatchObject({ status: 'SUBMITTED', amount: '674.25', limitedBy: null });
    expect(claim.computation.lines[0]).toMatchObject({
      interestPaid: '2247.50',
      base: '2247.50',
      ipBase: '1348.50',
      subsidy: '674.25',
    });
    expect(claim.computation.facts.ipShare).toBe('0.6');
  });

  it('insurance premium: the insurer confirms, then 12,000.00 × 0.6 × 0.5 is reserved and paid', async () => {
    const res = await (
      await system.as(USERS.officer)
    ).post('/api/v1/subsidies/claims/insurance', {
      caseNumber: loans.B,
      districtCode: '310110',
      insurerOrgId: 'INS-ANXIN',
      insurancePolicyNumber: `AX-${loans.B.slice(-10)}`,
      premium: '12000.00',
      premiumPaidOn: '2026-01-15',
      proofs: ['INSURANCE_POLICY'],
    });
    expect(res.status).toBe(201);
    // ipBase = 12,000.00 × 0.6 = 7,200.00; × 0.5 = 3,600.00. Nothing reserved before confirmation.
    expect(res.body).toMatchObject({
      status: 'AWAITING_INSURER',
      amount: '3600.00',
      reserved: false,
    });
    expect(res.body.computation.premium).toMatchObject({ ipBase: '7200.00', subsidy: '3600.00' });
    const claimId = res.body.id as string;

    const queue = await (await system.as('insurer.anxin')).get('/api/v1/subsidies/work-queue');
    expect(queue.body.items).toEqual([
      expect.objectContaining({ id: claimId, action: 'insurer-confirmation' }),
    ]);
    expectProblem(
      await (
        await system.as('insurer.anxin')
      ).post(`/api/v1/subsidies/claims/${claimId}/insurer-confirmation`, { premium: '11000.00' }),
      422,
      'PREMIUM_MISMATCH',
    );
    const confirmed = await claimAct(system, claimId, 'insurer-confirmation', 'insurer.anxin', {
      premium: '12000.00',
    });
    expect(confirmed).toMatchObject({ status: 'SUBMITTED', reserved: true });
    expect(await poolFigures(system, '310110', 'INSURANCE_PREMIUM', 2026)).toMatchObject({
      reserved: '3600.00',
    });
    await claimAct(system, claimId, 'review', 'reviewer.yangpu');
    await claimAct(system, claimId, 'approve', 'approver.yangpu');
    const paid = await claimAct(system, claimId, 'pay', 'reviewer.yangpu', {
      paymentReference: `PAY-${claimId}`,
    });
    expect(paid).toMatchObject({ status: 'PAID', paidAmount: '3600.00' });
    expect(await poolFigures(system, '310110', 'INSURANCE_PREMIUM', 2026)).toMatchObject({
      reserved: '0.00',
      paid: '3600.00',
    });
  });

  it('yearly enterprise cap binding across two loans of one enterprise', async () => {
    const first = await submitInterest(system, USERS.officer, {
      caseNumber: loans.C,
      fromInstalment: 1,
      toInstalment: 1,
      districtCode: '310104',
    });
    // 3,745.83 × 0.5 = 1,872.92; room under the 2,500.00 cap was 2,500.00.
    expect(first).toMatchObject({ amount: '1872.92', limitedBy: null });
    expect(first.computation.caps).toMatchObject({
      remaining: '2500.00',
      binding: 'PER_ENTERPRISE_YEAR',
    });
    const second = await submitInterest(system, USERS.officer, {
      caseNumber: loans.D,
      fromInstalment: 1,
      toInstalment: 1,
      districtCode: '310104',
    });
    // Same enterprise, other loan: before the cap 1,872.92, room 2,500.00 − 1,872.92 = 627.08.
    expect(second).toMatchObject({ amount: '627.08', limitedBy: 'CAP' });
    expect(second.computation.lines[0]).toMatchObject({
      beforeCap: '1872.92',
      capRemaining: '627.08',
      subsidy: '627.08',
      limitedBy: 'CAP',
    });
    for (const claim of [first, second]) {
      await claimAct(system, claim.id, 'review', 'reviewer.xuhui');
      await claimAct(system, claim.id, 'approve', 'approver.xuhui');
    }
    claims.C1 = await claimAct(system, first.id, 'pay', 'reviewer.xuhui', {
      paymentReference: `PAY-${first.id}`,
    });
    expect(await poolFigures(system, '310104', 'INTEREST', 2026)).toMatchObject({
      reserved: '627.08',
      paid: '1872.92',
    });
  });

  it('LPR cap binding: interest counted at the LPR of the disbursement date', async () => {
    await advanceTo(system, '2026-03-15');
    for (const caseNumber of [loans.A, loans.C, loans.D])
      await repayOnDueDates(system, caseNumber, [2]);
    const claim = await submitInterest(system, USERS.officer, {
      caseNumber: loans.A,
      fromInstalment: 2,
      toInstalment: 2,
      districtCode: '310116',
    });
    // 2026-02-15 → 2026-03-15 = 28 days; paid 1,000,000.00 × 0.0435 × 28/360 = 3,383.33;
    // LPR interest 1,000,000.00 × 0.03 × 1 × 28/360 = 2,333.333… → 2,333.33 (lower: the base);
    // × 0.5 = 1,166.665 → 1,166.67.
    expect(claim).toMatchObject({ amount: '1166.67', limitedBy: 'LPR' });
    expect(claim.computation.lines[0]).toMatchObject({
      days: 28,
      interestPaid: '3383.33',
      lprInterest: '2333.33',
      base: '2333.33',
      subsidy: '1166.67',
      lpr: { referenceDate: '2026-01-15', effectiveFrom: '2025-05-20', rate: '0.03' },
    });
  });

  it('clawback restores the pool and the cap room, so a later claim fits', async () => {
    // Xuhui's 2,500.00 cap is used up by 1,872.92 + 627.08: loan D's second period has no room.
    const refused = expectProblem(
      await claimInterest(system, USERS.officer, {
        caseNumber: loans.D,
        fromInstalment: 2,
        toInstalment: 2,
        districtCode: '310104',
      }),
      422,
      'NOT_ELIGIBLE',
    );
    expect(refused.details.failures).toEqual([expect.objectContaining({ rule: 'NOTHING_TO_PAY' })]);

    const clawed = await claimAct(system, claims.C1.id, 'claw-back', 'approver.xuhui', {
      reason: 'The enterprise was found to have moved out of the district',
    });
    expect(clawed).toMatchObject({ status: 'CLAWED_BACK', clawedBackBy: 'approver.xuhui' });
    // The 1,872.92 paid comes back: paid 1,872.92 → 0.00; D's reservation 627.08 stays.
    expect(await poolFigures(system, '310104', 'INTEREST', 2026)).toMatchObject({
      reserved: '627.08',
      paid: '0.00',
    });

    const later = await submitInterest(system, USERS.officer, {
      caseNumber: loans.D,
      fromInstalment: 2,
      toInstalment: 2,
      districtCode: '310104',
    });
    // Room 2,500.00 − 627.08 = 1,872.92 ≥ 3,383.33 × 0.5 = 1,691.665 → 1,691.67: not capped.
    expect(later).toMatchObject({ amount: '1691.67', limitedBy: null });
    expect(later.computation.caps.remaining).toBe('1872.92');
  });

  it('a period spanning the year end belongs to the budget year of its submission, and waits for that pool', async () => {
    await advanceTo(system, '2027-01-15');
    await repayOnDueDates(system, loans.A, [3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    // The 2026 pools closed when the date entered 2027.
    expect(await poolFigures(system, '310115', 'INTEREST', 2026)).toMatchObject({
      status: 'CLOSED',
    });

    const claim = await submitInterest(system, USERS.officer, {
      caseNumber: loans.A,
      fromInstalment: 11,
      toInstalment: 12,
    });
    // #11: 2026-11-15 → 12-15 = 30 days, 3,625.00 × 0.5 = 1,812.50;
    // #12: 2026-12-15 → 2027-01-15 = 31 days, 3,745.83 × 0.5 = 1,872.915 → 1,872.92.
    // Total 3,685.42 in budget year 2027, whose pool opened at zero (nothing planned): the claim waits.
    expect(claim).toMatchObject({
      periodStart: '2026-11-15',
      periodEnd: '2027-01-15',
      budgetYear: 2027,
      amount: '3685.42',
      status: 'WAITLISTED',
      reserved: false,
    });
    expect(claim.computation.lines.map((l: Json) => [l.days, l.subsidy])).toEqual([
      [30, '1812.50'],
      [31, '1872.92'],
    ]);

    // Proposed by the reviewer under the funding document's number, approved by the approver.
    const proposed = await (
      await system.as('reviewer.pudong')
    ).post('/api/v1/subsidies/budgets/top-up', {
      kind: 'INTEREST',
      budgetYear: 2027,
      amount: '10000.00',
      reference: 'FIN-2027-001',
    });
    expect(proposed.status).toBe(200);
    expect(proposed.body).toMatchObject({ alreadyApplied: false, topUp: { status: 'PROPOSED' } });
    const topUp = await (
      await system.as('approver.pudong')
    ).post(`/api/v1/subsidies/budgets/top-ups/${proposed.body.topUp.id as string}/approve`);
    expect(topUp.status).toBe(200);
    expect(topUp.body).toMatchObject({
      alreadyApplied: false,
      topUp: { status: 'APPROVED', proposedBy: 'reviewer.pudong', decidedBy: 'approver.pudong' },
      toppedUp: true,
      reservedClaims: [claim.id],
      pool: { total: '10000.00', reserved: '3685.42', available: '6314.58', waitlisted: 0 },
    });
    expect((await getClaim(system, claim.id, 'reviewer.pudong')).status).toBe('SUBMITTED');
    const budgets = await (
      await system.as('reviewer.pudong')
    ).get('/api/v1/subsidies/budgets?year=2027');
    expect(budgets.body.items).toEqual([
      // Opened at zero (no plan for 2027), waiting for the district to fund it.
      expect.objectContaining({
        districtCode: '310115',
        kind: 'INSURANCE_PREMIUM',
        status: 'OPEN',
        total: '0.00',
      }),
      expect.objectContaining({
        districtCode: '310115',
        kind: 'INTEREST',
        status: 'OPEN',
        total: '10000.00',
        reserved: '3685.42',
        paid: '0.00',
        available: '6314.58',
      }),
    ]);
  });
});
