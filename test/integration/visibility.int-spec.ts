import { TransitionRoutes } from '../../apps/api/src/allowed-actions/transition-routes';
import { BACKFILL_CASE_PARTIES } from '../../libs/persistence/src/migrations/1764600000000-case-parties';
import {
  act,
  businessDate,
  declareDefault,
  driveTo,
  expectOk,
  expectProblem,
  newUscc,
  openCase,
  registerAsset,
  RISK_SHARING,
  USERS,
  withDb,
  type Json,
} from '../support/case-flows';
import {
  FUND_MANAGER,
  FUND_PAYER,
  fundClaimId,
  INSURER,
  INSURER_PAYER,
  insuranceClaimId,
  OPERATOR,
  OPERATOR2,
} from '../support/disposal-flows';
import { startTestSystem, type TestSystem, type UserAgent } from '../support/test-system';

jest.setTimeout(180_000);

const ENTERPRISE = 'enterprise.pujiang';
const OTHER_EVALUATOR = 'evaluator.dongfang';

/**
 * Who sees what: the party-only roles (insurer, fund manager, registration clerk, evaluator,
 * exchange operator) see a case only once their organisation is party to it, and get 404
 * CASE_NOT_FOUND before (the case, its pledges, the lists); the enterprise sees its own cases
 * through an allow-listed view; allowed-actions names each step's method, path and role, and
 * the path works; the auth guard's refusals are audited.
 */
describe('visibility: party-only cases, the enterprise view, allowed-actions, audited guard refusals', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem();
  });

  afterAll(async () => {
    await system.close();
  });

  const as = (who: string): Promise<UserAgent> => system.as(who);

  async function listed(who: string, caseNumber: string): Promise<boolean> {
    const numbers: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=100&cursor=${cursor}` : '?limit=100';
      const res = await (await as(who)).get(`/api/v1/cases${query}`);
      expectOk(res, 200);
      numbers.push(...(res.body.items as Json[]).map((c) => c.caseNumber as string));
      cursor = res.body.nextCursor as string | null;
    } while (cursor);
    return numbers.includes(caseNumber);
  }

  /** The case, its pledges and its place in the list are hidden from `who` (404, not 403). */
  async function expectHidden(who: string, caseNumber: string): Promise<void> {
    const agent = await as(who);
    expectProblem(await agent.get(`/api/v1/cases/${caseNumber}`), 404, 'CASE_NOT_FOUND');
    expectProblem(await agent.get(`/api/v1/pledges/${caseNumber}`), 404, 'CASE_NOT_FOUND');
    expectProblem(await agent.get(`/api/v1/cases/${caseNumber}/timeline`), 404, 'CASE_NOT_FOUND');
    expect(await listed(who, caseNumber)).toBe(false);
  }

  async function expectVisible(who: string, caseNumber: string): Promise<Json> {
    const agent = await as(who);
    const res = await agent.get(`/api/v1/cases/${caseNumber}`);
    expectOk(res, 200);
    expectOk(await agent.get(`/api/v1/pledges/${caseNumber}`), 200);
    expect(await listed(who, caseNumber)).toBe(true);
    return res.body;
  }

  async function allowedActions(who: string, caseNumber: string): Promise<Json[]> {
    const res = await (await as(who)).get(`/api/v1/cases/${caseNumber}/allowed-actions`);
    expectOk(res, 200);
    return res.body.actions;
  }

  /** Calls an allowed action exactly as listed (method and path) as `who`. */
  async function call(who: string, action: Json, body: object = {}) {
    expect(action.method).toBe('POST');
    return (await as(who)).post(action.path, body);
  }

  async function parties(caseNumber: string): Promise<string[]> {
    return withDb(system, async (db) =>
      (
        await db.query(
          `SELECT party_kind || ':' || organisation_id AS p FROM case_party WHERE case_number = $1 ORDER BY 1`,
          [caseNumber],
        )
      ).rows.map((r) => r.p as string),
    );
  }

  /** A loan disbursed today with a loss shared by the insurer and the fund (RISK_SHARING). */
  async function activeLoan(): Promise<{ caseNumber: string; ref: string }> {
    const { caseNumber, request } = await openCase(system);
    const on = await businessDate(system);
    await driveTo(system, caseNumber, 'VALUED', { on });
    await act(
      system,
      caseNumber,
      '/credit-approval',
      { riskSharing: RISK_SHARING, note: 'internal: the owner guarantees personally' },
      USERS.approver,
    );
    await driveTo(system, caseNumber, 'REGISTERED', { on });
    await act(system, caseNumber, '/disbursement', {
      reference: `DB-${request.bankReference}`,
      valueDate: on,
    });
    return { caseNumber, ref: request.bankReference };
  }

  it('shows a case to the valuation firm asked for a report, and to no other firm', async () => {
    const { caseNumber } = await openCase(system);
    await driveTo(system, caseNumber, 'VERIFIED');
    await expectHidden(USERS.evaluator, caseNumber);
    await expectHidden(OTHER_EVALUATOR, caseNumber);

    await act(system, caseNumber, '/valuation-request', { firmOrgId: 'VAL-HUAYU' });
    await expectVisible(USERS.evaluator, caseNumber);
    await expectHidden(OTHER_EVALUATOR, caseNumber);
    expect(await parties(caseNumber)).toEqual(['VALUATION:VAL-HUAYU']);
  });

  it('shows a case to the registration office once a filing is made', async () => {
    const { caseNumber } = await openCase(system);
    await driveTo(system, caseNumber, 'CONTRACTED');
    await expectHidden(USERS.clerk, caseNumber);
    // The clerk may not act on a case it does not see: 404, not a role or state refusal.
    expectProblem(
      await (
        await as(USERS.clerk)
      ).post(`/api/v1/cases/${caseNumber}/registration/accept`, {
        registrationNumber: `RG-${caseNumber.slice(-12)}`,
        registeredOn: await businessDate(system),
      }),
      404,
      'CASE_NOT_FOUND',
    );

    // The refusals are audited like any refused step, with their code: the step, and the
    // reads of the case and its timeline before it.
    const refusals = await withDb(
      system,
      async (db) =>
        (
          await db.query(
            `SELECT actor_username, payload->>'method' AS method, payload->>'route' AS route
               FROM audit_log WHERE action = 'API_REQUEST' AND subject_type = 'CASE'
                AND subject_id = $1 AND payload->'outcome'->>'code' = 'CASE_NOT_FOUND'
              ORDER BY seq`,
            [caseNumber],
          )
        ).rows,
    );
    expect(refusals).toEqual([
      { actor_username: USERS.clerk, method: 'GET', route: '/api/v1/cases/:id' },
      { actor_username: USERS.clerk, method: 'GET', route: '/api/v1/cases/:id/timeline' },
      {
        actor_username: USERS.clerk,
        method: 'POST',
        route: '/api/v1/cases/:id/registration/accept',
      },
    ]);

    await act(system, caseNumber, '/registration');
    await expectVisible(USERS.clerk, caseNumber);
    expect(await parties(caseNumber)).toEqual(['REGISTRATION:REG-SH', 'VALUATION:VAL-HUAYU']);
  });

  it('shows a case to the insurer and the fund once a claim names them, and to the exchange once its disposal starts', async () => {
    const { caseNumber } = await activeLoan();
    for (const who of [INSURER, FUND_MANAGER, OPERATOR]) await expectHidden(who, caseNumber);

    const defaulted = await declareDefault(system, caseNumber, {
      reasonCode: 'INSOLVENCY_FILING',
      reason: 'Borrower insolvent',
    });
    expect(defaulted.status).toBe('COMPENSATION');
    const insurerView = await expectVisible(INSURER, caseNumber);
    expect(insurerView.compensationClaims.map((c: Json) => c.claimId).sort()).toEqual(
      [fundClaimId(caseNumber), insuranceClaimId(caseNumber)].sort(),
    );
    // Every user of the organisation party to it sees it.
    await expectVisible(INSURER_PAYER, caseNumber);
    await expectVisible(FUND_MANAGER, caseNumber);
    await expectVisible(FUND_PAYER, caseNumber);
    await expectHidden(OPERATOR, caseNumber);

    await act(system, caseNumber, '/disposal');
    await expectVisible(OPERATOR, caseNumber);
    await expectVisible(OPERATOR2, caseNumber);
    expectOk(await (await as(OPERATOR)).get(`/api/v1/cases/${caseNumber}/disposal`), 200);
    expect(await parties(caseNumber)).toEqual([
      'DISPOSAL:EXCH-SHIPX',
      'FUND_CLAIM:FUND-SH-SME',
      'INSURANCE_CLAIM:INS-ANXIN',
      'REGISTRATION:REG-SH',
      'VALUATION:VAL-HUAYU',
    ]);
    // The migration's backfill derives the same parties from the stored snapshot.
    const projected = await parties(caseNumber);
    await withDb(system, async (db) => {
      await db.query(`DELETE FROM case_party WHERE case_number = $1`, [caseNumber]);
      await db.query(BACKFILL_CASE_PARTIES);
    });
    expect(await parties(caseNumber)).toEqual(projected);
    // The administrator audits every case; another bank sees none of this one.
    await expectVisible(USERS.admin, caseNumber);
    await expectHidden(USERS.otherBankOfficer, caseNumber);
  });

  it("shows the enterprise its own case without the bank's notes, the risk split or the approver's comment, and not another's", async () => {
    const { caseNumber } = await activeLoan();
    await declareDefault(system, caseNumber, {
      reasonCode: 'FRAUD',
      reason: 'internal: fraud suspected',
    });

    const view = await expectVisible(ENTERPRISE, caseNumber);
    expect(view).toMatchObject({
      caseNumber,
      status: 'COMPENSATION',
      loan: { amount: '500000.00' },
    });
    for (const key of ['preparer', 'compensationClaims', 'workflowId', 'ipCheck'])
      expect(view).not.toHaveProperty(key);
    expect(Object.keys(view.approval)).toEqual(['approvedOn']);
    expect(Object.keys(view.product).sort()).toEqual(['code', 'name']);
    for (const key of ['reason', 'declaredBy', 'riskSharing', 'scheme', 'lossBase', 'shares'])
      expect(view.default).not.toHaveProperty(key);
    expect(view.valuation).not.toHaveProperty('history');
    expect(view.valuation.latest).not.toHaveProperty('maxLoan');
    expect(view.disbursement).not.toHaveProperty('recordedBy');
    expect(JSON.stringify(view)).not.toContain('internal:');

    const agent = await as(ENTERPRISE);
    const timeline = await agent.get(`/api/v1/cases/${caseNumber}/timeline`);
    expectOk(timeline, 200);
    for (const entry of timeline.body.entries as Json[]) {
      expect(Object.keys(entry).sort()).toEqual(
        ['businessDate', 'event', 'fromStatus', 'occurredAt', 'seq', 'toStatus'].sort(),
      );
    }
    expect(JSON.stringify(timeline.body)).not.toContain('internal:');
    const claims = await agent.get(`/api/v1/cases/${caseNumber}/compensation-claims`);
    expectOk(claims, 200);
    for (const claim of claims.body.claims as Json[])
      expect(Object.keys(claim).sort()).toEqual(['claimId', 'filedOn', 'payer', 'status']);

    const list = await agent.get('/api/v1/cases?limit=100');
    expectOk(list, 200);
    for (const row of list.body.items as Json[]) {
      expect(row).not.toHaveProperty('ownerUserId');
      expect(row.enterpriseUscc).toBe(view.enterprise.uscc);
    }

    // Another firm's case is not there at all.
    const other = newUscc();
    const { caseNumber: theirs } = await openCase(system, {
      enterprise: { uscc: other },
      assets: [{ type: 'PATENT', number: await registerAsset(system, { owners: [other] }) }],
    });
    await expectHidden(ENTERPRISE, theirs);
  });

  it('lists allowed actions with method, path and role, and each listed path works as listed', async () => {
    // The loan officer on a draft.
    const { caseNumber } = await openCase(system);
    const officer = await allowedActions(USERS.officer, caseNumber);
    const submit = officer.find((a) => a.event === 'SUBMIT');
    expect(submit).toEqual({
      process: 'loan-case',
      action: 'submit',
      event: 'SUBMIT',
      method: 'POST',
      path: `/api/v1/cases/${caseNumber}/submit`,
      role: 'LOAN_OFFICER',
      description: 'submit the application',
    });
    expect((await call(USERS.officer, submit)).body.status).toBe('SUBMITTED');

    // The credit approver on a valued case.
    await driveTo(system, caseNumber, 'VALUED');
    const approve = (await allowedActions(USERS.approver, caseNumber)).find(
      (a) => a.event === 'APPROVE_CREDIT',
    );
    expect(approve).toMatchObject({
      method: 'POST',
      path: `/api/v1/cases/${caseNumber}/credit-approval`,
      role: 'CREDIT_APPROVER',
    });
    const approved = await call(USERS.approver, approve, { riskSharing: RISK_SHARING });
    expectOk(approved, 200);
    expect(approved.body.status).toBe('APPROVED');

    // The insurer on a defaulted case: its claim's id is in the path.
    const loan = await activeLoan();
    await declareDefault(system, loan.caseNumber, {
      reasonCode: 'INSOLVENCY_FILING',
      reason: 'Borrower insolvent',
    });
    const insurer = await allowedActions(INSURER, loan.caseNumber);
    expect(insurer).toEqual([
      expect.objectContaining({
        event: 'CONFIRM_INSURANCE_CLAIM',
        claimId: insuranceClaimId(loan.caseNumber),
        method: 'POST',
        path: `/api/v1/cases/${loan.caseNumber}/compensation-claims/${insuranceClaimId(loan.caseNumber)}/confirm`,
        role: 'INSURER',
      }),
    ]);
    expectOk(await call(INSURER, insurer[0]), 200);

    // The exchange operator on a disposal sold in rounds: the disposal's steps are listed too.
    await act(system, loan.caseNumber, '/disposal');
    await act(system, loan.caseNumber, '/disposal/method', { method: 'AUCTION' });
    const operator = await allowedActions(OPERATOR, loan.caseNumber);
    const openRound = operator.find((a) => a.event === 'OPEN_ROUND');
    expect(openRound).toMatchObject({
      process: 'disposal',
      action: 'open-round',
      method: 'POST',
      path: `/api/v1/cases/${loan.caseNumber}/disposal/rounds`,
      role: 'EXCHANGE_OPERATOR',
    });
    const opened = await call(OPERATOR, openRound, { startingPrice: '3500000.00' });
    expectOk(opened, 200);
    expect(opened.body.rounds[0]).toMatchObject({ round: 1, outcome: 'OPEN' });
    const disposalAnswer = await (
      await as(OPERATOR)
    ).get(`/api/v1/cases/${loan.caseNumber}/disposal/allowed-actions`);
    expectOk(disposalAnswer, 200);
    // With a round open the exchange registers bidders, records their deposits, and bids.
    expect(disposalAnswer.body.actions).toEqual([
      expect.objectContaining({
        event: 'REGISTER_BIDDER',
        method: 'POST',
        path: `/api/v1/cases/${loan.caseNumber}/disposal/bidders`,
        role: 'EXCHANGE_OPERATOR',
      }),
      expect.objectContaining({
        event: 'RECORD_DEPOSIT',
        method: 'POST',
        path: `/api/v1/cases/${loan.caseNumber}/disposal/deposits`,
        role: 'EXCHANGE_OPERATOR',
      }),
      expect.objectContaining({
        event: 'RECORD_BID',
        method: 'POST',
        path: `/api/v1/cases/${loan.caseNumber}/disposal/bids`,
        role: 'EXCHANGE_OPERATOR',
      }),
    ]);
  });

  it('routes every transition route the answers are built from (a wrong path would be 404 before the guard)', async () => {
    // An unrouted path is answered 404 without reaching the guard.
    const unrouted = await system.http.post('/api/v1/cases/ROUTE-CHECK/no-such-step').send({});
    expect(unrouted.status).toBe(404);
    const routes = system.api.get(TransitionRoutes).all();
    expect(routes.length).toBeGreaterThan(40);
    for (const route of routes) {
      const path = route.path.replace(/:([A-Za-z]+)/g, 'ROUTE-CHECK');
      const res = await system.http[route.method.toLowerCase() as 'post'](path).send({});
      // Only a matched route reaches the guard, which refuses the missing token.
      expect([route.method, path, res.status, res.body.code]).toEqual([
        route.method,
        path,
        401,
        'UNAUTHENTICATED',
      ]);
    }
  });

  it('audits a request without a valid token (401) and one of a role the route refuses (403), once each, and the chain still verifies', async () => {
    const { caseNumber } = await openCase(system);
    const path = `/api/v1/cases/${caseNumber}/submit`;
    expectProblem(await system.http.post(path).send({ note: 'x' }), 401, 'UNAUTHENTICATED');
    expectProblem(
      await system.http.post(path).set('Authorization', 'Bearer not-a-token-secret').send({}),
      401,
      'INVALID_TOKEN',
    );
    const roundsPath = `/api/v1/cases/${caseNumber}/disposal/rounds`;
    expectProblem(
      await (await as(USERS.officer)).post(roundsPath, { startingPrice: '1.00' }),
      403,
      'ROLE_FORBIDDEN',
    );

    const rows = await withDb(system, async (db) =>
      (
        await db.query(
          `SELECT actor_username, subject_type, subject_id, payload FROM audit_log
            WHERE action = 'API_REQUEST' AND payload->>'path' = ANY($1) ORDER BY seq`,
          [[path, roundsPath]],
        )
      ).rows.map((r) => ({ ...r, text: JSON.stringify(r.payload) })),
    );
    expect(rows.map((r) => [r.actor_username, r.payload.outcome])).toEqual([
      [null, { status: 401, code: 'UNAUTHENTICATED' }],
      [null, { status: 401, code: 'INVALID_TOKEN' }],
      [USERS.officer, { status: 403, code: 'ROLE_FORBIDDEN' }],
    ]);
    // An unknown caller: the route and its address, never its body or token.
    expect(rows[0]).toMatchObject({
      subject_type: 'ROUTE',
      subject_id: 'POST /api/v1/cases/:id/submit',
      payload: { method: 'POST', route: '/api/v1/cases/:id/submit', params: { id: caseNumber } },
    });
    expect(rows[0].payload).toHaveProperty('ip');
    expect(rows[0].payload).not.toHaveProperty('body');
    expect(rows[1].text).not.toContain('not-a-token');
    // A known caller refused by role: recorded on the case, with the body as sent.
    expect(rows[2]).toMatchObject({
      subject_type: 'CASE',
      subject_id: caseNumber,
      payload: { route: '/api/v1/cases/:id/disposal/rounds', body: { startingPrice: '1.00' } },
    });

    const verified = await (await as(USERS.admin)).get('/api/v1/audit/verify');
    expectOk(verified, 200);
    expect(verified.body).toMatchObject({ ok: true, firstBroken: null });
  });
});
