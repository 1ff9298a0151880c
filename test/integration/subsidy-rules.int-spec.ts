import {
  advanceTo,
  expectOk,
  expectProblem,
  USERS,
  withDb,
  type Json,
} from '../support/case-flows';
import {
  claimAct,
  claimInterest,
  claimStep,
  getClaim,
  openLoan,
  policyTerms,
  poolFigures,
  publishPolicy,
  repayOnDueDates,
  submitInterest,
} from '../support/subsidy-flows';
import { startTestSystem, type TestSystem } from '../support/test-system';

jest.setTimeout(120_000);

/**
 * City-wide uniqueness, policy versioning and the refusals: every one a 4xx with a stable code
 * and nothing changed. Loans E and F: 1,000,000.00 interest-only at 4.35 % from 2026-01-15,
 * instalments 1 (31 days, interest 3,745.83) and 2 (28 days, 3,383.33) repaid on time.
 */
describe('subsidy rules: duplicates, versions, refusals', () => {
  let system: TestSystem;
  let E: string;
  let F: string;
  let firstClaim: Json;

  beforeAll(async () => {
    system = await startTestSystem();
    for (const approver of ['approver.pudong', 'approver.xuhui']) {
      await publishPolicy(system, approver, 'INTEREST', policyTerms({ programme: 'TEST-RATIO' }));
    }
    E = (await openLoan(system, { amount: '1000000.00', termMonths: 12 })).caseNumber;
    F = (await openLoan(system, { amount: '1000000.00', termMonths: 12 })).caseNumber;
    await advanceTo(system, '2026-03-15');
    await repayOnDueDates(system, E, [1, 2]);
    await repayOnDueDates(system, F, [1, 2]);
  });

  afterAll(async () => {
    await system?.close();
  });

  it('refuses the same loan period in a second district, and an overlapping period, naming the first claim', async () => {
    firstClaim = await submitInterest(system, USERS.officer, {
      caseNumber: E,
      fromInstalment: 1,
      toInstalment: 1,
      districtCode: '310115',
    });
    const inXuhui = expectProblem(
      await claimInterest(system, USERS.officer, {
        caseNumber: E,
        fromInstalment: 1,
        toInstalment: 1,
        districtCode: '310104',
      }),
      409,
      'DUPLICATE_SUBSIDY',
    );
    expect(inXuhui.details.first).toMatchObject({
      claimId: firstClaim.id,
      districtCode: '310115',
      periodStart: '2026-01-15',
      periodEnd: '2026-02-15',
    });
    expect(inXuhui.detail).toContain(firstClaim.id);
    const overlapping = expectProblem(
      await claimInterest(system, 'enterprise.pujiang', {
        caseNumber: E,
        fromInstalment: 1,
        toInstalment: 2,
      }),
      409,
      'DUPLICATE_SUBSIDY',
    );
    expect(overlapping.details.first.claimId).toBe(firstClaim.id);
    // Nothing of the refused claims was stored.
    const stored = await withDb(system, (db) =>
      db.query(`SELECT id FROM subsidy_claim WHERE case_number = $1`, [E]),
    );
    expect(stored.rows.map((r: { id: string }) => r.id)).toEqual([firstClaim.id]);
  });

  it('lets the period be claimed again once the first claim is rejected', async () => {
    const rejected = await claimAct(system, firstClaim.id, 'reject', 'reviewer.pudong', {
      reason: 'Claimed in the wrong district',
    });
    expect(rejected).toMatchObject({
      status: 'REJECTED',
      rejectionReason: 'Claimed in the wrong district',
    });
    expect(await poolFigures(system, '310115', 'INTEREST', 2026)).toMatchObject({
      reserved: '0.00',
    });
    const again = await submitInterest(system, USERS.officer, {
      caseNumber: E,
      fromInstalment: 1,
      toInstalment: 1,
      districtCode: '310104',
    });
    expect(again).toMatchObject({ status: 'SUBMITTED', districtCode: '310104', amount: '1872.92' });
    // A rejected claim's workflow has ended: no step applies to it any more.
    expectProblem(
      await claimStep(system, firstClaim.id, 'review', 'reviewer.pudong'),
      409,
      'INVALID_CLAIM_TRANSITION',
    );
  });

  it('holds uniqueness under concurrency and in the database itself', async () => {
    // Six simultaneous claims on loan F's first period, from two districts: exactly one wins.
    const districts = ['310115', '310104', '310115', '310104', '310115', '310104'];
    const answers = await Promise.all(
      districts.map((districtCode) =>
        claimInterest(system, USERS.officer, {
          caseNumber: F,
          fromInstalment: 1,
          toInstalment: 1,
          districtCode,
        }),
      ),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    const winner = answers.find((r) => r.status === 201)!.body;
    for (const loser of answers.filter((r) => r.status === 409)) {
      expect(loser.body).toMatchObject({
        code: 'DUPLICATE_SUBSIDY',
        details: { first: { claimId: winner.id } },
      });
    }
    // The exclusion constraint itself refuses two live overlapping periods of one loan.
    const error = await withDb(system, (db) =>
      db
        .query(`UPDATE subsidy_coverage SET case_number = $1 WHERE claim_id = $2`, [E, winner.id])
        .then(
          () => null,
          (e: { code: string; constraint: string }) => e,
        ),
    );
    expect(error).toMatchObject({ code: '23P01', constraint: 'subsidy_coverage_no_overlap' });
  });

  it('a policy version published after an approval does not change that claim; a new claim uses it', async () => {
    const claim = await submitInterest(system, USERS.officer, {
      caseNumber: F,
      fromInstalment: 2,
      toInstalment: 2,
      districtCode: '310115',
    });
    // 3,383.33 × 0.5 = 1,691.665 → 1,691.67 under version 2 (the seed is version 1).
    expect(claim).toMatchObject({ policyId: '310115-INTEREST-v2', amount: '1691.67' });
    await claimAct(system, claim.id, 'review', 'reviewer.pudong');
    await claimAct(system, claim.id, 'approve', 'approver.pudong');

    const v3 = await publishPolicy(
      system,
      'approver.pudong',
      'INTEREST',
      policyTerms({ programme: 'TEST-RATIO', ratio: '0.3' }),
    );
    expect(v3).toMatchObject({ id: '310115-INTEREST-v3', version: 3, example: false });

    const after = await getClaim(system, claim.id, 'approver.pudong');
    expect(after).toMatchObject({
      status: 'APPROVED',
      policyId: '310115-INTEREST-v2',
      policyVersion: 2,
      amount: '1691.67',
    });
    expect(after.computation).toEqual(claim.computation);
    const paid = await claimAct(system, claim.id, 'pay', 'reviewer.pudong', {
      paymentReference: 'PUDONG-PAY-0001',
    });
    expect(paid.paidAmount).toBe('1691.67');

    const newer = await submitInterest(system, USERS.officer, {
      caseNumber: E,
      fromInstalment: 2,
      toInstalment: 2,
      districtCode: '310115',
    });
    // 3,383.33 × 0.3 = 1,014.999 → 1,015.00 under version 3.
    expect(newer).toMatchObject({ policyId: '310115-INTEREST-v3', amount: '1015.00' });
  });

  it('refuses bad input and ineligible claims with stable codes, storing nothing', async () => {
    const before = await withDb(system, (db) =>
      db.query(`SELECT count(*)::int AS n FROM subsidy_claim`),
    );
    const officer = await system.as(USERS.officer);
    const post = (body: object) => officer.post('/api/v1/subsidies/claims/interest', body);
    const valid = { caseNumber: E, fromInstalment: 3, toInstalment: 3, proofs: ['LOAN_CONTRACT'] };

    expectProblem(await post({ ...valid, fromInstalment: 0 }), 400, 'VALIDATION_FAILED');
    expectProblem(await post({ ...valid, proofs: ['not a code'] }), 400, 'VALIDATION_FAILED');
    expectProblem(
      await post({ ...valid, fromInstalment: 3, toInstalment: 2 }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(await post({ ...valid, districtCode: '999999' }), 400, 'UNKNOWN_DISTRICT');
    expectProblem(await post({ ...valid, toInstalment: 13 }), 422, 'INVALID_INSTALMENT_RANGE');
    expectProblem(await post({ ...valid, districtCode: '310101' }), 404, 'POLICY_NOT_FOUND');
    // Another bank's officer does not see the case at all.
    expectProblem(
      await (
        await system.as(USERS.otherBankOfficer)
      ).post('/api/v1/subsidies/claims/interest', valid),
      404,
      'CASE_NOT_FOUND',
    );
    expectProblem(
      await (await system.as('reviewer.pudong')).post('/api/v1/subsidies/claims/interest', valid),
      403,
      'ROLE_FORBIDDEN',
    );
    // Instalment 3 falls due on 2026-04-15: its period has not ended, so it is not claimable
    // yet, whatever else is wrong with the claim; the fact line says why.
    const notYet = expectProblem(await post(valid), 422, 'INSTALMENT_PERIOD_NOT_ENDED');
    expect(notYet.details.instalments).toEqual([
      expect.objectContaining({ seq: 3, claimable: false, reason: 'PERIOD_NOT_ENDED' }),
    ]);

    const after = await withDb(system, (db) =>
      db.query(`SELECT count(*)::int AS n FROM subsidy_claim`),
    );
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('refuses bad policies and LPR entries; the LPR table is the administrator’s', async () => {
    const approver = await system.as('approver.xuhui');
    const bad = expectProblem(
      await approver.post('/api/v1/subsidies/policies', {
        kind: 'INTEREST',
        effectiveFrom: '2026-03-15',
        terms: policyTerms({ ratio: '1.5' }),
      }),
      400,
      'INVALID_POLICY',
    );
    expect(bad.details.field).toBe('ratio');
    expectProblem(
      await approver.post('/api/v1/subsidies/policies', {
        kind: 'INTEREST',
        effectiveFrom: '2025-01-01',
        terms: policyTerms(),
      }),
      422,
      'POLICY_BACKDATED',
    );
    expectProblem(
      await (
        await system.as('reviewer.xuhui')
      ).post('/api/v1/subsidies/policies', {
        kind: 'INTEREST',
        effectiveFrom: '2026-03-15',
        terms: policyTerms(),
      }),
      403,
      'ROLE_FORBIDDEN',
    );

    const lpr = { oneYear: '0.0295', fiveYear: '0.0345' };
    expectProblem(await approver.put('/api/v1/lpr/2026-05-20', lpr), 403, 'ROLE_FORBIDDEN');
    const admin = await system.as(USERS.admin);
    expectProblem(
      await admin.put('/api/v1/lpr/2026-05-20', { ...lpr, oneYear: '1.5' }),
      400,
      'INVALID_RATE',
    );
    const put = await admin.put('/api/v1/lpr/2026-05-20', lpr);
    expectOk(put, 200);
    const table = await approver.get('/api/v1/lpr');
    expect(table.body.items.map((e: Json) => [e.effectiveFrom, e.oneYear])).toEqual([
      ['2024-02-20', '0.0345'],
      ['2024-07-22', '0.0335'],
      ['2024-10-21', '0.031'],
      ['2025-05-20', '0.03'],
      ['2026-05-20', '0.0295'],
    ]);
  });

  it('enforces roles, districts, review before approval and four eyes', async () => {
    // Loan E's second period, claimed in Pudong under version 3 and not reviewed yet.
    const pudong = (await getClaimsOf(system, 'reviewer.pudong', 'SUBMITTED')).find(
      (c: Json) => c.caseNumber === E,
    )!;
    expect(pudong).toMatchObject({ fromInstalment: 2, policyVersion: 3 });

    // Another district's staff do not see the claim; a reviewer cannot approve.
    expectProblem(
      await claimStep(system, pudong.id, 'review', 'reviewer.xuhui'),
      404,
      'CLAIM_NOT_FOUND',
    );
    expectProblem(
      await claimStep(system, pudong.id, 'approve', 'reviewer.pudong'),
      403,
      'ROLE_FORBIDDEN',
    );
    expectProblem(
      await claimStep(system, pudong.id, 'approve', 'approver.pudong'),
      409,
      'CLAIM_NOT_REVIEWED',
    );
    expectProblem(
      await claimStep(system, pudong.id, 'claw-back', 'approver.pudong', { reason: 'no' }),
      409,
      'INVALID_CLAIM_TRANSITION',
    );

    const queue = await (await system.as('approver.pudong')).get('/api/v1/subsidies/work-queue');
    expect(queue.body.items).toEqual([]);
    // An approver may review; then the same person may not approve (four eyes).
    await claimAct(system, pudong.id, 'review', 'approver.pudong');
    expectProblem(
      await claimStep(system, pudong.id, 'approve', 'approver.pudong'),
      422,
      'FOUR_EYES_VIOLATION',
    );
    const queue2 = await (await system.as('approver2.pudong')).get('/api/v1/subsidies/work-queue');
    expect(queue2.body.items).toEqual([
      expect.objectContaining({ id: pudong.id, action: 'approve' }),
    ]);
    const approved = await claimAct(system, pudong.id, 'approve', 'approver2.pudong');
    expect(approved).toMatchObject({
      status: 'APPROVED',
      reviewedBy: 'approver.pudong',
      approvedBy: 'approver2.pudong',
    });
    expectProblem(
      await claimStep(system, pudong.id, 'pay', 'approver.pudong', {
        paymentReference: 'PUDONG-PAY-0001',
      }),
      409,
      'DUPLICATE_PAYMENT_REFERENCE',
    );
    expectProblem(
      await claimStep(system, pudong.id, 'reject', 'reviewer.pudong', { reason: '' }),
      400,
      'VALIDATION_FAILED',
    );
    expect((await getClaim(system, pudong.id, 'reviewer.pudong')).status).toBe('APPROVED');
  });
});

async function getClaimsOf(system: TestSystem, who: string, status: string): Promise<Json[]> {
  const res = await (await system.as(who)).get(`/api/v1/subsidies/claims?status=${status}`);
  expectOk(res, 200);
  return res.body.items;
}
