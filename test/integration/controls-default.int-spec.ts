import {
  act,
  addDays,
  advanceTo,
  attempt,
  businessDate,
  declareDefault,
  expectCaseStatus,
  expectOk,
  expectProblem,
  freshAgent,
  getCase,
  openActiveCase,
  USERS,
  withDb,
  type Json,
} from '../support/case-flows';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../libs/persistence/src/data-source';
import { CaseReadModelRepository } from '../../libs/persistence/src/repositories/loan-case/case-read-model.repository';
import { startTestSystem, type TestSystem } from '../support/test-system';

jest.setTimeout(240_000);

const OTHER_BANK_APPROVER = 'approver.pdib';

/**
 * Maker-checker on the default and the hand-over of a case. A loan officer proposes the default
 * with a reason from the list; a credit approver of the bank other than the proposer confirms
 * (the loan defaults, the claims are filed) or rejects it; the automatic default overtakes a
 * pending proposal. A credit approver hands a case to another loan officer of the bank. Each
 * refusal answers its own code, stores nothing and leaves the API's audit entry; each permitted
 * path succeeds with two different users.
 */
describe('controls on the default and the case owner', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem();
  });

  afterAll(async () => {
    await system.close();
  });

  async function expectRefusalAudited(
    caseNumber: string,
    route: string,
    code: string,
    status = 422,
  ): Promise<void> {
    const rows = await withDb(
      system,
      async (db) =>
        (
          await db.query(
            `SELECT payload FROM audit_log
              WHERE action = 'API_REQUEST' AND subject_type = 'CASE' AND subject_id = $1
                AND payload->>'route' = $2 AND payload->'outcome'->>'code' = $3`,
            [caseNumber, route, code],
          )
        ).rows,
    );
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows[0].payload.outcome.status).toBe(status);
  }

  /** What a refused default step must leave untouched. */
  async function defaultRows(caseNumber: string) {
    return withDb(system, async (db) => {
      const count = async (sql: string) =>
        Number((await db.query(sql, [caseNumber])).rows[0].n as string);
      return {
        proposals: await count(`SELECT count(*) AS n FROM default_proposal WHERE case_number = $1`),
        pending: await count(
          `SELECT count(*) AS n FROM default_proposal WHERE case_number = $1 AND status = 'PENDING'`,
        ),
        defaults: await count(`SELECT count(*) AS n FROM loan_default WHERE case_number = $1`),
        claims: await count(`SELECT count(*) AS n FROM compensation_claim WHERE case_number = $1`),
      };
    });
  }

  const DEFAULT_ROUTE = '/api/v1/cases/:id/default';
  const CONFIRM_ROUTE = '/api/v1/cases/:id/default/confirm';
  const REJECT_ROUTE = '/api/v1/cases/:id/default/reject';
  const OWNER_ROUTE = '/api/v1/cases/:id/owner';

  it('lists the default reasons with their Chinese labels', async () => {
    const res = await (await system.as(USERS.officer)).get('/api/v1/default-reasons');
    expectOk(res, 200);
    expect(res.body.items.map((r: Json) => [r.code, r.labelZh, r.early])).toEqual([
      ['INSOLVENCY_FILING', '破产申请', true],
      ['FRAUD', '欺诈', true],
      ['COLLATERAL_COURT_FREEZE', '质押物被法院冻结', true],
      ['BORROWER_WRITTEN_NOTICE', '借款人书面通知', true],
      ['OTHER', '其他', true],
      ['PAST_DUE', '逾期未还', false],
    ]);
  });

  it('refuses each wrong proposal or decision by its code, storing nothing, and audits it', async () => {
    const { caseNumber } = await openActiveCase(system);
    const unchanged = { proposals: 0, pending: 0, defaults: 0, claims: 0 };
    const refused = async (
      path: string,
      body: object,
      who: string,
      status: number,
      code: string,
      route: string,
    ) => {
      const problem = expectProblem(
        await attempt(system, caseNumber, path, body, who),
        status,
        code,
      );
      expect(problem.detailZh).toMatch(/[\u4e00-\u9fff]/);
      await expectRefusalAudited(caseNumber, route, code, status);
      await expectCaseStatus(system, caseNumber, 'ACTIVE');
    };

    // On the disbursement date nothing may be proposed.
    await refused(
      '/default',
      { reasonCode: 'FRAUD' },
      USERS.officer,
      422,
      'DEFAULT_ON_DISBURSEMENT_DATE',
      DEFAULT_ROUTE,
    );
    await advanceTo(system, addDays(await businessDate(system), 1));
    await refused(
      '/default',
      { reason: 'the borrower told us' },
      USERS.officer,
      422,
      'DEFAULT_REASON_REQUIRED',
      DEFAULT_ROUTE,
    );
    // Nothing is past due yet: PAST_DUE needs the product's overdueAfterDays.
    await refused(
      '/default',
      { reasonCode: 'PAST_DUE' },
      USERS.officer,
      422,
      'DEFAULT_REASON_INVALID',
      DEFAULT_ROUTE,
    );
    await refused(
      '/default',
      { reasonCode: 'OTHER', reason: '经营异常' },
      USERS.officer,
      422,
      'DEFAULT_REASON_TEXT_TOO_SHORT',
      DEFAULT_ROUTE,
    );
    // The approver confirms; proposing is the officer's.
    await refused(
      '/default',
      { reasonCode: 'FRAUD' },
      USERS.approver,
      403,
      'ROLE_FORBIDDEN',
      DEFAULT_ROUTE,
    );
    await refused(
      '/default/confirm',
      {},
      USERS.approver,
      422,
      'DEFAULT_NOT_PROPOSED',
      CONFIRM_ROUTE,
    );
    await refused(
      '/default/reject',
      { reason: 'not convinced' },
      USERS.approver,
      422,
      'DEFAULT_NOT_PROPOSED',
      REJECT_ROUTE,
    );
    expect(await defaultRows(caseNumber)).toEqual(unchanged);

    // One proposal; a second one is refused while it is open.
    const proposed = await act(
      system,
      caseNumber,
      '/default',
      { reasonCode: 'FRAUD', reason: 'forged sales contracts' },
      USERS.officer,
    );
    expect(proposed).toMatchObject({
      status: 'ACTIVE',
      defaultProposal: {
        status: 'PENDING',
        reasonCode: 'FRAUD',
        reasonText: 'forged sales contracts',
        proposedBy: { userId: USERS.officer },
      },
      default: null,
    });
    const withProposal = { ...unchanged, proposals: 1, pending: 1 };
    await refused(
      '/default',
      { reasonCode: 'INSOLVENCY_FILING' },
      USERS.officer2,
      422,
      'DEFAULT_PROPOSAL_PENDING',
      DEFAULT_ROUTE,
    );
    // The officer may not confirm; another bank's approver does not see the case.
    await refused('/default/confirm', {}, USERS.officer2, 403, 'ROLE_FORBIDDEN', CONFIRM_ROUTE);
    await refused(
      '/default/confirm',
      {},
      OTHER_BANK_APPROVER,
      404,
      'CASE_NOT_FOUND',
      CONFIRM_ROUTE,
    );
    await refused('/default/reject', {}, USERS.approver, 422, 'REASON_REQUIRED', REJECT_ROUTE);
    expect(await defaultRows(caseNumber)).toEqual(withProposal);
  });

  it('does not let the proposer decide on their own proposal, whatever seat they hold now', async () => {
    await withDb(system, (db) =>
      db.query(
        `INSERT INTO app_user (id, username, display_name, organisation_id, role)
         VALUES ('dual.default', 'dual.default', '双岗 (default test)', 'BANK-SHCB', 'LOAN_OFFICER')`,
      ),
    );
    const { caseNumber } = await openActiveCase(system);
    await advanceTo(system, addDays(await businessDate(system), 1));
    const asOfficer = await freshAgent(system, 'dual.default');
    expectOk(
      await asOfficer.post(`/api/v1/cases/${caseNumber}/default`, {
        reasonCode: 'BORROWER_WRITTEN_NOTICE',
      }),
      200,
    );
    await withDb(system, (db) =>
      db.query(`UPDATE app_user SET role = 'CREDIT_APPROVER' WHERE id = 'dual.default'`),
    );
    const asApprover = await freshAgent(system, 'dual.default');
    for (const path of ['/default/confirm', '/default/reject']) {
      const problem = expectProblem(
        await asApprover.post(`/api/v1/cases/${caseNumber}${path}`, { reason: 'my own call' }),
        422,
        'DEFAULT_PROPOSER_CANNOT_CONFIRM',
      );
      expect(problem.detailZh).toBe('违约提议人不得审批自己的提议');
      await expectRefusalAudited(
        caseNumber,
        path === '/default/confirm' ? CONFIRM_ROUTE : REJECT_ROUTE,
        'DEFAULT_PROPOSER_CANNOT_CONFIRM',
      );
    }
    await expectCaseStatus(system, caseNumber, 'ACTIVE');
    expect(await defaultRows(caseNumber)).toEqual({
      proposals: 1,
      pending: 1,
      defaults: 0,
      claims: 0,
    });
    // Another approver of the bank confirms it.
    const confirmed = await act(system, caseNumber, '/default/confirm', {}, USERS.approver);
    expect(confirmed.status).toBe('COMPENSATION');
  });

  it('rejects a proposal with a reason, then defaults on a new one confirmed by another user', async () => {
    const { caseNumber } = await openActiveCase(system);
    await advanceTo(system, addDays(await businessDate(system), 1));
    await act(system, caseNumber, '/default', { reasonCode: 'COLLATERAL_COURT_FREEZE' });
    const reason = 'The freeze order was lifted the same day';
    const rejected = await act(system, caseNumber, '/default/reject', { reason }, USERS.approver);
    expect(rejected).toMatchObject({
      status: 'ACTIVE',
      default: null,
      defaultProposal: {
        status: 'REJECTED',
        decidedBy: { userId: USERS.approver },
        decisionReason: reason,
      },
    });
    expect(await defaultRows(caseNumber)).toEqual({
      proposals: 1,
      pending: 0,
      defaults: 0,
      claims: 0,
    });

    // A new proposal (by another officer), confirmed by the approver: the loan defaults.
    const text = 'The borrower wrote that it has stopped trading for good';
    const declared = await declareDefault(system, caseNumber, {
      reasonCode: 'OTHER',
      reason: text,
      proposer: USERS.officer2,
    });
    expect(declared).toMatchObject({
      status: 'COMPENSATION',
      default: {
        kind: 'DECLARED',
        declaredBy: { userId: USERS.approver, role: 'CREDIT_APPROVER' },
        reason: `OTHER: ${text}`,
        proposal: { seq: 2, proposedBy: { userId: USERS.officer2 }, status: 'CONFIRMED' },
      },
      defaultProposal: { seq: 2, status: 'CONFIRMED', decidedBy: { userId: USERS.approver } },
    });
    expect((declared.compensationClaims as Json[]).map((c) => c.payer)).toEqual([
      'INSURER',
      'FUND',
    ]);
    expect(await defaultRows(caseNumber)).toEqual({
      proposals: 2,
      pending: 0,
      defaults: 1,
      claims: 2,
    });
    await withDb(system, async (db) => {
      const rows = await db.query(
        `SELECT seq, proposed_by, reason_code, status, decided_by, decision_reason
           FROM default_proposal WHERE case_number = $1 ORDER BY seq`,
        [caseNumber],
      );
      expect(rows.rows).toEqual([
        {
          seq: 1,
          proposed_by: USERS.officer,
          reason_code: 'COLLATERAL_COURT_FREEZE',
          status: 'REJECTED',
          decided_by: USERS.approver,
          decision_reason: reason,
        },
        {
          seq: 2,
          proposed_by: USERS.officer2,
          reason_code: 'OTHER',
          status: 'CONFIRMED',
          decided_by: USERS.approver,
          decision_reason: null,
        },
      ]);
    });
    const timeline = await (
      await system.as(USERS.officer)
    ).get(`/api/v1/cases/${caseNumber}/timeline`);
    expectOk(timeline, 200);
    expect(
      (timeline.body.entries as Json[])
        .filter((e) => /DEFAULT/.test(e.event as string))
        .map((e) => [e.event, e.actorUserId, e.toStatus]),
    ).toEqual([
      ['PROPOSE_DEFAULT', USERS.officer, 'ACTIVE'],
      ['REJECT_DEFAULT', USERS.approver, 'ACTIVE'],
      ['PROPOSE_DEFAULT', USERS.officer2, 'ACTIVE'],
      ['DECLARE_DEFAULT', USERS.approver, 'DEFAULTED'],
    ]);
  });

  it('holds maker-checker in the database: no self-decision, one open proposal per case', async () => {
    const { caseNumber } = await openActiveCase(system);
    await withDb(system, async (db) => {
      const insert = (id: string, seq: number, status: string, decidedBy: string | null) =>
        db.query(
          `INSERT INTO default_proposal (proposal_id, case_number, seq, proposed_by, proposed_on,
                                         reason_code, days_past_due, status, decided_by, decided_on)
           VALUES ($1, $2, $3, $4, '2026-01-20', 'FRAUD', 0, $5, $6, $7)`,
          [
            id,
            caseNumber,
            seq,
            USERS.officer,
            status,
            decidedBy,
            status === 'PENDING' ? null : '2026-01-20',
          ],
        );
      await expect(insert(`${caseNumber}-X1`, 1, 'CONFIRMED', USERS.officer)).rejects.toMatchObject(
        { code: '23514', constraint: 'default_proposal_decider_not_proposer' },
      );
      await insert(`${caseNumber}-X2`, 2, 'PENDING', null);
      await expect(insert(`${caseNumber}-X3`, 3, 'PENDING', null)).rejects.toMatchObject({
        code: '23505',
        constraint: 'default_proposal_one_open_per_case',
      });
      await db.query(`DELETE FROM default_proposal WHERE case_number = $1`, [caseNumber]);
    });
  });

  it('hands a case to another loan officer of the bank, and refuses any other owner', async () => {
    const { caseNumber } = await openActiveCase(system);
    const listed = async (who: string) => {
      const res = await (await system.as(who)).get('/api/v1/cases?owner=me&limit=100');
      expectOk(res, 200);
      return (res.body.items as Json[]).map((c) => c.caseNumber as string);
    };
    expect(await listed(USERS.officer)).toContain(caseNumber);
    const refused = async (body: object, who: string, status: number, code: string) => {
      const problem = expectProblem(
        await attempt(system, caseNumber, '/owner', body, who),
        status,
        code,
      );
      expect(problem.detailZh).toMatch(/[\u4e00-\u9fff]/);
      await expectRefusalAudited(caseNumber, OWNER_ROUTE, code, status);
      expect((await getCase(system, caseNumber)).owner.userId).toBe(USERS.officer);
    };
    const reason = 'Wang Min moves to the Pudong branch';
    await refused({ ownerUserId: USERS.officer2, reason }, USERS.officer, 403, 'ROLE_FORBIDDEN');
    await refused(
      { ownerUserId: USERS.otherBankOfficer, reason },
      USERS.approver,
      422,
      'OWNER_NOT_LOAN_OFFICER_OF_BANK',
    );
    // A credit approver of the bank is not a loan officer.
    await refused(
      { ownerUserId: USERS.approver, reason },
      USERS.approver,
      422,
      'OWNER_NOT_LOAN_OFFICER_OF_BANK',
    );
    await refused(
      { ownerUserId: 'nobody.shcb', reason },
      USERS.approver,
      422,
      'OWNER_UNKNOWN_USER',
    );
    await refused({ ownerUserId: USERS.officer, reason }, USERS.approver, 422, 'OWNER_UNCHANGED');
    await refused({ ownerUserId: USERS.officer2 }, USERS.approver, 422, 'REASON_REQUIRED');

    const handed = await act(
      system,
      caseNumber,
      '/owner',
      { ownerUserId: USERS.officer2, reason },
      USERS.approver,
    );
    expect(handed.owner).toMatchObject({ userId: USERS.officer2, assignedBy: USERS.approver });
    expect(await listed(USERS.officer2)).toContain(caseNumber);
    expect(await listed(USERS.officer)).not.toContain(caseNumber);
    const timeline = await (
      await system.as(USERS.officer2)
    ).get(`/api/v1/cases/${caseNumber}/timeline`);
    expect((timeline.body.entries as Json[]).filter((e) => e.event === 'REASSIGN_OWNER')).toEqual([
      expect.objectContaining({
        actorUserId: USERS.approver,
        payload: { from: USERS.officer, to: USERS.officer2, reason },
      }),
    ]);
    await withDb(system, async (db) => {
      const rows = await db.query(`SELECT owner_user_id FROM loan_case WHERE case_number = $1`, [
        caseNumber,
      ]);
      expect(rows.rows).toEqual([{ owner_user_id: USERS.officer2 }]);
      const audited = await db.query(
        `SELECT payload->'details'->>'to' AS "to" FROM audit_log
          WHERE action = 'CASE_TRANSITION' AND subject_id = $1 AND payload->>'event' = 'REASSIGN_OWNER'`,
        [caseNumber],
      );
      expect(audited.rows).toEqual([{ to: USERS.officer2 }]);
    });
  });

  it('writes a new owner in SQL only for an active loan officer of the case bank', async () => {
    const { caseNumber } = await openActiveCase(system);
    const db = new DataSource(dataSourceOptions(system.appDatabaseUrl));
    await db.initialize();
    try {
      const readModel = new CaseReadModelRepository(db);
      const owner = (userId: string) => ({
        userId,
        username: userId,
        since: '2026-01-20',
        assignedBy: USERS.approver,
      });
      // Another bank's officer, the bank's approver: the join finds no such officer.
      for (const userId of [USERS.otherBankOfficer, USERS.approver, 'nobody.shcb'])
        expect(await readModel.assignOwner(caseNumber, owner(userId))).toEqual({
          ok: false,
          code: 'OWNER_NOT_LOAN_OFFICER_OF_BANK',
        });
      await withDb(system, (c) =>
        c.query(`UPDATE app_user SET active = false WHERE id = $1`, [USERS.officer2]),
      );
      try {
        expect(await readModel.assignOwner(caseNumber, owner(USERS.officer2))).toMatchObject({
          ok: false,
        });
      } finally {
        await withDb(system, (c) =>
          c.query(`UPDATE app_user SET active = true WHERE id = $1`, [USERS.officer2]),
        );
      }
      const owners = await withDb(
        system,
        async (c) =>
          (
            await c.query(`SELECT owner_user_id FROM loan_case WHERE case_number = $1`, [
              caseNumber,
            ])
          ).rows,
      );
      expect(owners).toEqual([{ owner_user_id: USERS.officer }]);
    } finally {
      await db.destroy();
    }
  });

  it('closes a pending proposal as superseded when the loan defaults by itself', async () => {
    // SHCB-IP-STD defaults by itself at 90 days past due; the first instalment falls due a
    // month after disbursement.
    const { caseNumber, active } = await openActiveCase(system);
    const firstDue = active.schedule[0].dueDate as string;
    await advanceTo(system, addDays(firstDue, 10));
    const proposed = await act(system, caseNumber, '/default', {
      reasonCode: 'PAST_DUE',
      reason: '10 days past due and no answer',
    });
    expect(proposed.defaultProposal).toMatchObject({ status: 'PENDING', daysPastDue: 10 });
    await advanceTo(system, addDays(firstDue, 90));
    const defaulted = await getCase(system, caseNumber);
    expect(defaulted).toMatchObject({
      status: 'COMPENSATION',
      default: { kind: 'AUTOMATIC', declaredBy: null, daysPastDue: 90 },
      defaultProposal: {
        status: 'SUPERSEDED',
        decidedBy: null,
        decidedOn: addDays(firstDue, 90),
      },
    });
    expect(await defaultRows(caseNumber)).toEqual({
      proposals: 1,
      pending: 0,
      defaults: 1,
      claims: 2,
    });
    expectProblem(
      await attempt(system, caseNumber, '/default/confirm', {}, USERS.approver),
      409,
      'INVALID_TRANSITION',
    );
  });
});
