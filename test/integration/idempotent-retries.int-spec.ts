import {
  advanceTo,
  caseBody,
  caseNumberOf,
  caseRequest,
  ensureEnterprise,
  expectOk,
  expectProblem,
  registerAsset,
  USERS,
  withDb,
  type Json,
} from '../support/case-flows';
import {
  openLoan,
  policyTerms,
  poolFigures,
  PROOFS,
  publishPolicy,
  repayOnDueDates,
} from '../support/subsidy-flows';
import { startTestSystem, type TestSystem } from '../support/test-system';

jest.setTimeout(180_000);

/**
 * A client that did not get its answer (a 503, a lost connection) sends the same request again
 * with the same Idempotency-Key. Opening a case and submitting a subsidy claim start a workflow,
 * and a claim's steps may close it: a retry must answer what the first attempt did and start
 * nothing twice, while another body under a used key is refused.
 */
describe('retries with the same Idempotency-Key', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem();
  });

  afterAll(async () => {
    await system?.close();
  });

  const count = (sql: string, parameters: unknown[]) =>
    withDb(system, async (db) => Number((await db.query(sql, parameters)).rows[0].n));
  /** Forgets what a key's first attempt created, as when its answer was lost before it was recorded. */
  const loseOutcome = (username: string, key: string) =>
    withDb(system, async (db) => {
      const { rowCount } = await db.query(
        `UPDATE idempotent_request SET resource_id = NULL, completed_at = NULL
          WHERE request_key = (SELECT id || ':' || $2 FROM app_user WHERE username = $1)`,
        [username, key],
      );
      expect(rowCount).toBe(1);
    });

  async function applicationBody() {
    const request = caseRequest({
      assets: [{ type: 'PATENT', number: await registerAsset(system) }],
    });
    await ensureEnterprise(system, request.enterprise);
    return caseBody(request);
  }

  it('opening a case: the retry answers the same case, one workflow, one OPEN; another body is refused', async () => {
    const officer = await system.as(USERS.officer);
    const body = await applicationBody();
    const key = `open-${body.bankReference}`;
    const first = await officer.post('/api/v1/cases', body).set('Idempotency-Key', key);
    expectOk(first, 201);
    const again = await officer.post('/api/v1/cases', body).set('Idempotency-Key', key);
    expectOk(again, 201);
    expect(again.body.caseNumber).toBe(first.body.caseNumber);
    expect(again.body.status).toBe(first.body.status);

    // The first attempt's outcome lost: the retry finds the case its own start opened.
    await loseOutcome(USERS.officer, key);
    const afterLoss = await officer.post('/api/v1/cases', body).set('Idempotency-Key', key);
    expectOk(afterLoss, 201);
    expect(afterLoss.body.caseNumber).toBe(first.body.caseNumber);

    const caseNumber = first.body.caseNumber as string;
    const timeline = (await officer.get(`/api/v1/cases/${caseNumber}/timeline`).expect(200)).body;
    expect((timeline.entries as Json[]).filter((e) => e.event === 'OPEN')).toHaveLength(1);
    expect(
      await count(`SELECT count(*)::int AS n FROM loan_case WHERE case_number = $1`, [caseNumber]),
    ).toBe(1);
    // One request entry in the audit log for the three attempts: they are one action.
    expect(
      await count(
        `SELECT count(*)::int AS n FROM audit_log
          WHERE source_key = (SELECT 'api-request:' || id || ':' || $2 FROM app_user WHERE username = $1)`,
        [USERS.officer, key],
      ),
    ).toBe(1);

    // Without the key, a second opening of the same case is still refused.
    expectProblem(await officer.post('/api/v1/cases', body), 409, 'CASE_ALREADY_EXISTS');

    // Another application under the used key is refused, and opens nothing.
    const other = await applicationBody();
    const reused = await officer.post('/api/v1/cases', other).set('Idempotency-Key', key);
    const problem = expectProblem(reused, 422, 'IDEMPOTENCY_KEY_REUSED');
    expect(problem.detailZh).toMatch(/幂等键/);
    // The refusal has its own request entry besides the key's first action.
    expect(
      await count(
        `SELECT count(*)::int AS n FROM audit_log
          WHERE source_key = (SELECT 'api-request:' || id || ':' || $2 || ':IDEMPOTENCY_KEY_REUSED'
                                FROM app_user WHERE username = $1)`,
        [USERS.officer, key],
      ),
    ).toBe(1);
    expect(
      await count(`SELECT count(*)::int AS n FROM loan_case WHERE case_number = $1`, [
        caseNumberOf(other.bankReference),
      ]),
    ).toBe(0);
    // The same key of another user is that user's own.
    const colleague = await system.as(USERS.officer2);
    const theirs = await colleague.post('/api/v1/cases', other).set('Idempotency-Key', key);
    expectOk(theirs, 201);
    expect(theirs.body.caseNumber).not.toBe(caseNumber);
  });

  it('a refused request frees its key, and the later success under it has its own request entry', async () => {
    const officer = await system.as(USERS.officer);
    const key = `retry-after-refusal-${Date.now()}`;
    const existing = await applicationBody();
    expectOk(await officer.post('/api/v1/cases', existing), 201);

    // Refused (the case exists): nothing stored, not even the key.
    const refused = await officer.post('/api/v1/cases', existing).set('Idempotency-Key', key);
    expectProblem(refused, 409, 'CASE_ALREADY_EXISTS');
    expect(
      await count(`SELECT count(*)::int AS n FROM idempotent_request WHERE request_key LIKE $1`, [
        `%${key}`,
      ]),
    ).toBe(0);

    // The corrected request under the same key opens its case, and both outcomes are recorded.
    const corrected = await applicationBody();
    expectOk(await officer.post('/api/v1/cases', corrected).set('Idempotency-Key', key), 201);
    const entries = await withDb(system, async (db) =>
      (
        await db.query(
          `SELECT a.source_key, a.payload->'outcome'->>'status' AS status FROM audit_log a
             JOIN app_user u ON a.source_key LIKE 'api-request:' || u.id || ':' || $2 || '%'
            WHERE u.username = $1 ORDER BY a.seq`,
          [USERS.officer, key],
        )
      ).rows.map((r) => [String(r.source_key).split(':').slice(3).join(':'), r.status]),
    );
    expect(entries).toEqual([
      ['CASE_ALREADY_EXISTS', '409'],
      ['', '201'],
    ]);
  });

  it('a subsidy claim: the submission and its steps retried answer the same claim; nothing reserved twice', async () => {
    await publishPolicy(
      system,
      'approver.pudong',
      'INTEREST',
      policyTerms({ programme: 'PUDONG-TEST-RETRY', eligibility: { registeredInDistrict: true } }),
    );
    const loan = await openLoan(system, { amount: '1000000.00', termMonths: 12 });
    const caseNumber = loan.caseNumber as string;
    await advanceTo(system, '2026-02-15');
    await repayOnDueDates(system, caseNumber, [1]);
    const before = await poolFigures(system, '310115', 'INTEREST', 2026);

    const officer = await system.as(USERS.officer);
    const body = { caseNumber, fromInstalment: 1, toInstalment: 1, proofs: PROOFS };
    const key = `claim-${caseNumber}`;
    const submit = () =>
      officer.post('/api/v1/subsidies/claims/interest', body).set('Idempotency-Key', key);
    const first = await submit();
    expectOk(first, 201);
    const claimId = first.body.id as string;
    expect(first.body).toMatchObject({ status: 'SUBMITTED', amount: '1872.92', reserved: true });
    const again = await submit();
    expectOk(again, 201);
    expect(again.body.id).toBe(claimId);
    await loseOutcome(USERS.officer, key);
    const afterLoss = await submit();
    expectOk(afterLoss, 201);
    expect(afterLoss.body.id).toBe(claimId);
    expect(
      await count(`SELECT count(*)::int AS n FROM subsidy_claim WHERE case_number = $1`, [
        caseNumber,
      ]),
    ).toBe(1);
    expect(await poolFigures(system, '310115', 'INTEREST', 2026)).toMatchObject({
      total: before!.total,
      reserved: '1872.92',
    });
    // Another period under the used key is refused, and nothing is stored.
    expectProblem(
      await officer
        .post('/api/v1/subsidies/claims/interest', { ...body, toInstalment: 2 })
        .set('Idempotency-Key', key),
      422,
      'IDEMPOTENCY_KEY_REUSED',
    );

    // A step retried: the same claim, one REVIEW.
    const reviewer = await system.as('reviewer.pudong');
    const review = () =>
      reviewer
        .post(`/api/v1/subsidies/claims/${claimId}/review`, { note: 'vouchers match' })
        .set('Idempotency-Key', `review-${claimId}`);
    const reviewed = await review();
    expectOk(reviewed, 200);
    expect(reviewed.body.status).toBe('REVIEWED');
    const reviewedAgain = await review();
    expectOk(reviewedAgain, 200);
    expect(reviewedAgain.body).toMatchObject({ id: claimId, status: 'REVIEWED' });

    // A rejection closes the claim's workflow; its retry still answers the rejected claim.
    const approver = await system.as('approver.pudong');
    const reject = () =>
      approver
        .post(`/api/v1/subsidies/claims/${claimId}/reject`, { reason: 'voucher unreadable' })
        .set('Idempotency-Key', `reject-${claimId}`);
    const rejected = await reject();
    expectOk(rejected, 200);
    expect(rejected.body.status).toBe('REJECTED');
    const rejectedAgain = await reject();
    expectOk(rejectedAgain, 200);
    expect(rejectedAgain.body).toMatchObject({ id: claimId, status: 'REJECTED' });
    expect((rejectedAgain.body.timeline as Json[]).map((e) => e.event)).toEqual([
      'SUBMIT',
      'BUDGET_RESERVED',
      'REVIEW',
      'REJECT',
    ]);
    expect(await poolFigures(system, '310115', 'INTEREST', 2026)).toMatchObject({
      reserved: '0.00',
      paid: '0.00',
    });
  });
});
