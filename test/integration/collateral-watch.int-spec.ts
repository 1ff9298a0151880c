import {
  advanceTo,
  businessDate,
  expectOk,
  expectProblem,
  getCase,
  openActiveCase,
  registerAsset,
  USERS,
  withDb,
  PLEDGOR,
  type Json,
} from '../support/case-flows';
import { RunCollateralWatchUseCase } from '../../activities/bank/use-cases/run-collateral-watch.use-case';
import { claimInterest } from '../support/subsidy-flows';
import { startTestSystem, type TestSystem } from '../support/test-system';

/**
 * The collateral watch against the real services: legal events recorded by the registration
 * office (one at a time and by CSV), the close-of-business watch over the pledged assets of live
 * loans, revaluation on expiry and covenants on the working calendar. The tests share one
 * business date, which only moves forward: they run in order, January to November 2026.
 */
describe('collateral watch', () => {
  let system: TestSystem;
  const PRODUCT = 'SHCB-IP-GROWTH'; // no automatic default: the loans stay live while overdue
  const BANK = 'BANK-SHCB';
  const ENTERPRISE = `ENT-${PLEDGOR.uscc}`;

  beforeAll(async () => {
    system = await startTestSystem();
  });

  afterAll(async () => {
    await system.close();
  });

  async function query<T = Json>(sql: string, params: unknown[] = []): Promise<T[]> {
    return withDb(system, async (db) => (await db.query(sql, params)).rows as T[]);
  }

  const openWorkItems = (caseNumber: string) =>
    query<{
      kind: string;
      subject: string;
      organisation_id: string;
      role: string;
      created_on: string;
    }>(
      `SELECT kind, subject, organisation_id, role, to_char(created_on, 'YYYY-MM-DD') AS created_on
         FROM work_item WHERE case_number = $1 AND done_on IS NULL ORDER BY id`,
      [caseNumber],
    );

  const allWorkItems = (caseNumber: string) =>
    query<{ kind: string; done_on: string | null; created_on: string; organisation_id: string }>(
      `SELECT kind, to_char(done_on, 'YYYY-MM-DD') AS done_on, to_char(created_on, 'YYYY-MM-DD') AS created_on,
              organisation_id
         FROM work_item WHERE case_number = $1 ORDER BY id`,
      [caseNumber],
    );

  const collateralEvents = (caseNumber: string) =>
    query<{ event_type: string; recipient_org_ids: string[]; payload: Json }>(
      `SELECT event_type, recipient_org_ids, payload FROM outbox_event
        WHERE case_number = $1 AND event_type IN ('COLLATERAL_CHANGED','COLLATERAL_NOTICE') ORDER BY id`,
      [caseNumber],
    );

  async function collateral(caseNumber: string, who: string = USERS.officer): Promise<Json> {
    const res = await (await system.as(who)).get(`/api/v1/cases/${caseNumber}/collateral`);
    expectOk(res, 200);
    return res.body;
  }

  async function recordEvent(number: string, body: object) {
    return (await system.as(USERS.clerk)).post(
      `/api/v1/assets/${encodeURIComponent(number)}/legal-events`,
      body,
    );
  }

  async function importCsv(csv: string) {
    const login = await system.http.post('/api/v1/auth/dev-login').send({ username: USERS.clerk });
    return system.http
      .post('/api/v1/assets/legal-events/import')
      .set('Authorization', `Bearer ${login.body.accessToken}`)
      .set('Content-Type', 'text/csv')
      .send(csv);
  }

  const HEADER = 'number,event,occurredOn,paidUntil,outcome,owners,expiryDate,note';

  it('imports legal events all or nothing, with per-row codes, and checks them against the active pledges', async () => {
    const today = await businessDate(system);
    const pledgedAsset = await registerAsset(system);
    const loose = await registerAsset(system);
    const loan = await openActiveCase(system, {
      productCode: PRODUCT,
      assets: [{ type: 'PATENT', number: pledgedAsset }],
    });

    const refused = await importCsv(
      [
        HEADER,
        `${pledgedAsset},FROZEN,${today},,,,,court order (2026)沪0115财保1号`,
        `CN000000000000,FROZEN,${today},,,,,`,
        `${loose},RENEWED,${today},,,,2031-01-01,`,
        `${loose},BURNT,${today},,,,,`,
        `${loose},ANNUAL_FEE_PAID,${today},,,,,`,
      ].join('\n'),
    );
    const problem = expectProblem(refused, 400, 'CSV_INVALID');
    expect(problem.errors).toEqual([
      expect.objectContaining({ line: 3, code: 'ASSET_NOT_FOUND' }),
      expect.objectContaining({ line: 4, code: 'ASSET_EVENT_NOT_APPLICABLE' }),
      expect.objectContaining({ line: 5, code: 'UNKNOWN_ASSET_EVENT' }),
      expect.objectContaining({ line: 6, code: 'ASSET_EVENT_INCOMPLETE' }),
    ]);
    // Nothing stored: the valid first row was rolled back with the rest.
    const [asset] = await query(`SELECT legal_status FROM ip_asset WHERE number = $1`, [
      pledgedAsset,
    ]);
    expect(asset.legal_status).toBe('IN_FORCE');
    expect(
      await query(`SELECT 1 FROM ip_asset_legal_event WHERE asset_number = ANY($1)`, [
        [pledgedAsset, loose],
      ]),
    ).toHaveLength(0);
    expect(await openWorkItems(loan.caseNumber)).toHaveLength(0);

    const accepted = await importCsv(
      [
        HEADER,
        `${pledgedAsset},FROZEN,${today},,,,,court order`,
        `${loose},ANNUAL_FEE_PAID,${today},2031-03-30,,,,`,
      ].join('\n'),
    );
    expectOk(accepted, 200);
    expect(accepted.body).toMatchObject({ rows: 2, assets: 2 });
    expect(accepted.body.pledgesChecked.assetsChanged).toBe(1);

    // The freeze of the pledged asset impairs the loan's collateral at once.
    const view = await collateral(loan.caseNumber);
    expect(view).toMatchObject({ impaired: true, coverage: '0.0000', shortfall: true });
    expect(view.assets).toEqual([
      expect.objectContaining({ assetNumber: pledgedAsset, impairment: 'FROZEN' }),
    ]);
    const items = await openWorkItems(loan.caseNumber);
    expect(items.map((i) => i.kind).sort()).toEqual([
      'COLLATERAL_IMPAIRED',
      'COLLATERAL_SHORTFALL',
    ]);
    expect(items.every((i) => i.organisation_id === BANK && i.role === 'LOAN_OFFICER')).toBe(true);
    const [loose2] = await query(
      `SELECT to_char(annual_fee_paid_until, 'YYYY-MM-DD') AS paid FROM ip_asset WHERE number = $1`,
      [loose],
    );
    expect(loose2.paid).toBe('2031-03-30');
  });

  it('an invalidation decision, a freeze and a release each change the coverage and the tasks', async () => {
    const today = await businessDate(system);
    const first = await registerAsset(system);
    const second = await registerAsset(system);
    const loan = await openActiveCase(system, {
      productCode: PRODUCT,
      assets: [
        { type: 'PATENT', number: first },
        { type: 'PATENT', number: second },
      ],
    });
    // 2 × 5,000,000.00 × 25 % against 500,000.00 outstanding.
    expectOk(await recordEvent(first, { event: 'INVALIDATION_REQUESTED', occurredOn: today }), 201);
    let view = await collateral(loan.caseNumber);
    expect(view).toMatchObject({ impaired: false, coverage: '5.0000', shortfall: false });
    expect(await openWorkItems(loan.caseNumber)).toHaveLength(0);

    const decided = await recordEvent(first, {
      event: 'INVALIDATION_DECIDED',
      occurredOn: today,
      outcome: 'PARTLY_INVALID',
    });
    expectOk(decided, 201);
    expect(decided.body).toMatchObject({
      statusBefore: 'INVALIDATION_PENDING',
      statusAfter: 'IN_FORCE',
    });
    view = await collateral(loan.caseNumber);
    expect(view).toMatchObject({ impaired: true, coverage: '2.5000', shortfall: false });
    expect(view.subsidyHoldReason).toContain(`${first} PARTLY_INVALIDATED`);
    expect((await openWorkItems(loan.caseNumber)).map((i) => i.subject)).toEqual([
      `${loan.caseNumber}:${first}:PARTLY_INVALIDATED:${today}`,
    ]);

    expectOk(await recordEvent(second, { event: 'FROZEN', occurredOn: today }), 201);
    view = await collateral(loan.caseNumber);
    expect(view).toMatchObject({ impaired: true, coverage: '0.0000', shortfall: true });
    expect((await openWorkItems(loan.caseNumber)).map((i) => i.kind)).toEqual([
      'COLLATERAL_IMPAIRED',
      'COLLATERAL_IMPAIRED',
      'COLLATERAL_SHORTFALL',
    ]);

    const released = await recordEvent(second, { event: 'FREEZE_RELEASED', occurredOn: today });
    expectOk(released, 201);
    expect(released.body.statusAfter).toBe('IN_FORCE');
    view = await collateral(loan.caseNumber);
    expect(view).toMatchObject({ impaired: true, coverage: '2.5000', shortfall: false });
    // The release ends the freeze's task and the shortfall's; the partial invalidation's stays.
    expect((await openWorkItems(loan.caseNumber)).map((i) => i.subject)).toEqual([
      `${loan.caseNumber}:${first}:PARTLY_INVALIDATED:${today}`,
    ]);
    // Every change was told to the bank and the enterprise.
    const told = await collateralEvents(loan.caseNumber);
    expect(told.length).toBeGreaterThanOrEqual(4);
    for (const event of told) expect(event.recipient_org_ids).toEqual([BANK, ENTERPRISE]);
    // The coverage as it changed (the first sight of the loan, at 5.0000, is not a change).
    expect(told.map((e) => e.payload.coverage).filter(Boolean)).toEqual([
      '2.5000',
      '0.0000',
      '2.5000',
    ]);

    // A release of what is not frozen is refused, and changes nothing.
    expectProblem(
      await recordEvent(second, { event: 'FREEZE_RELEASED', occurredOn: today }),
      409,
      'ASSET_EVENT_NOT_APPLICABLE',
    );

    // The bank decides, with a reason: its open impairment task is done.
    const officer = await system.as(USERS.officer);
    expectOk(
      await officer.post(`/api/v1/cases/${loan.caseNumber}/collateral/decision`, {
        decision: 'ADDITIONAL_SECURITY',
        reason: '要求追加担保：补充一项发明专利质押',
      }),
      200,
    );
    expect(await openWorkItems(loan.caseNumber)).toHaveLength(0);
    view = await collateral(loan.caseNumber);
    expect(view.decisions).toEqual([
      expect.objectContaining({ decision: 'ADDITIONAL_SECURITY', decidedOn: today }),
    ]);
    // The enterprise sees its collateral impaired, not the bank's figures.
    const enterprise = await collateral(loan.caseNumber, 'enterprise.pujiang');
    expect(enterprise.impaired).toBe(true);
    expect(enterprise.coverage).toBeUndefined();
    expect(enterprise.decisions).toBeUndefined();
    // And the case view carries the collateral.
    const caseView = await getCase(system, loan.caseNumber);
    expect(caseView.collateral).toMatchObject({ impaired: true, coverage: '2.5000' });
  });

  it('asks for a revaluation and a covenant’s fulfilment on the right working day, across a weekend and a holiday', async () => {
    const asset = await registerAsset(system);
    const loan = await openActiveCase(system, {
      productCode: PRODUCT,
      assets: [{ type: 'PATENT', number: asset }],
    });
    const officer = await system.as(USERS.officer);
    const evaluator = await system.as(USERS.evaluator);
    // 2026-04-30 is a Thursday; 1–5 May is the Labour Day holiday.
    const covenant = await officer.post(`/api/v1/cases/${loan.caseNumber}/covenants`, {
      title: 'annual financial statements by 30 April',
      dueOn: '2026-04-30',
      reminderWorkingDays: 2,
    });
    expectOk(covenant, 201);
    const covenantId = covenant.body.id as string;

    await advanceTo(system, '2026-01-16');
    // A report valid until Friday 6 March.
    const revalued = await evaluator.post(`/api/v1/cases/${loan.caseNumber}/revaluation`, {
      reportNumber: `RV1-${loan.caseNumber.slice(-12)}`,
      method: 'MARKET',
      baseDate: '2026-01-16',
      validUntil: '2026-03-06',
      assets: [{ number: asset, value: '4000000.00' }],
    });
    expectOk(revalued, 200);
    expect(revalued.body).toMatchObject({ coverage: '2.0000', shortfall: false });
    expect(revalued.body.valuations).toHaveLength(2);

    const revaluationTasks = async () =>
      (await allWorkItems(loan.caseNumber)).filter((i) => i.kind === 'REVALUATION_DUE');
    await advanceTo(system, '2026-03-06'); // still valid
    await advanceTo(system, '2026-03-07'); // expired, but Saturday
    await advanceTo(system, '2026-03-08'); // Sunday
    expect(await revaluationTasks()).toHaveLength(0);
    await advanceTo(system, '2026-03-09'); // Monday
    expect(await revaluationTasks()).toEqual([
      expect.objectContaining({
        created_on: '2026-03-09',
        organisation_id: 'VAL-HUAYU',
        done_on: null,
      }),
    ]);
    const before = (await allWorkItems(loan.caseNumber)).length;

    // The new report values the patent far lower: the coverage falls below the limit.
    const low = await evaluator.post(`/api/v1/cases/${loan.caseNumber}/revaluation`, {
      reportNumber: `RV2-${loan.caseNumber.slice(-12)}`,
      method: 'MARKET',
      baseDate: '2026-03-09',
      assets: [{ number: asset, value: '1000000.00' }],
    });
    expectOk(low, 200);
    expect(low.body).toMatchObject({ coverage: '0.5000', shortfall: true, impaired: false });
    const items = await allWorkItems(loan.caseNumber);
    expect(items.length).toBe(before + 1);
    expect(items.find((i) => i.kind === 'REVALUATION_DUE')!.done_on).toBe('2026-03-09');
    expect(items.find((i) => i.kind === 'COLLATERAL_SHORTFALL')).toMatchObject({
      organisation_id: BANK,
      done_on: null,
    });

    const covenantTasks = async () =>
      (await allWorkItems(loan.caseNumber)).filter((i) => i.kind.startsWith('COVENANT_'));
    await advanceTo(system, '2026-04-27');
    expect(await covenantTasks()).toHaveLength(0);
    await advanceTo(system, '2026-04-28'); // two working days before 30 April
    expect(await covenantTasks()).toEqual([
      expect.objectContaining({ kind: 'COVENANT_REMINDER', created_on: '2026-04-28' }),
    ]);
    const reminders = await query(
      `SELECT recipient_org_ids FROM outbox_event WHERE event_key = $1`,
      [`COVENANT_REMINDER:${covenantId}`],
    );
    expect(reminders).toEqual([{ recipient_org_ids: [BANK, ENTERPRISE] }]);
    await advanceTo(system, '2026-05-01'); // the deadline passed, but a holiday
    await advanceTo(system, '2026-05-05');
    expect((await covenantTasks()).map((t) => t.kind)).toEqual(['COVENANT_REMINDER']);
    await advanceTo(system, '2026-05-06'); // the first working day after it
    expect(await covenantTasks()).toEqual([
      expect.objectContaining({ kind: 'COVENANT_REMINDER' }),
      expect.objectContaining({
        kind: 'COVENANT_BREACH_CHECK',
        created_on: '2026-05-06',
        done_on: null,
      }),
    ]);

    const breach = await officer.post(
      `/api/v1/cases/${loan.caseNumber}/covenants/${covenantId}/resolution`,
      { resolution: 'BREACHED', note: 'statements not delivered' },
    );
    expectOk(breach, 200);
    expect(breach.body).toMatchObject({ status: 'BREACHED', resolvedOn: '2026-05-06' });
    expect((await covenantTasks()).every((t) => t.done_on === '2026-05-06')).toBe(true);
    expect(
      await query(`SELECT recipient_org_ids, payload FROM outbox_event WHERE event_key = $1`, [
        `COVENANT_RESOLVED:${covenantId}`,
      ]),
    ).toEqual([
      {
        recipient_org_ids: [BANK, ENTERPRISE],
        payload: expect.objectContaining({ resolution: 'BREACHED' }),
      },
    ]);
    expectProblem(
      await officer.post(`/api/v1/cases/${loan.caseNumber}/covenants/${covenantId}/resolution`, {
        resolution: 'FULFILLED',
        note: 'late',
      }),
      409,
      'COVENANT_NOT_OPEN',
    );
  });

  it('an annual fee unpaid past its grace period impairs the collateral, tells both parties and holds subsidy claims', async () => {
    // Opened on 2026-05-06 with the fee paid up to Friday 15 May.
    const asset = await registerAsset(system, { annualFeePaidUntil: '2026-05-15' });
    const loan = await openActiveCase(system, {
      productCode: PRODUCT,
      assets: [{ type: 'PATENT', number: asset }],
    });
    const condition = async () => (await collateral(loan.caseNumber)).assets[0]?.condition;

    // 7 May: 15 May is within ten working days (9 May is a make-up working day).
    await advanceTo(system, '2026-05-07');
    expect(await condition()).toBe('FEE_DUE');
    expect((await openWorkItems(loan.caseNumber)).map((i) => i.kind)).toEqual([
      'COLLATERAL_FEE_DUE',
    ]);
    // Unpaid on the anniversary: the grace period, an escalated task.
    await advanceTo(system, '2026-05-18');
    expect(await condition()).toBe('FEE_IN_GRACE');
    expect((await openWorkItems(loan.caseNumber)).map((i) => i.kind)).toEqual([
      'COLLATERAL_FEE_IN_GRACE',
    ]);
    // Six months later the patent lapses: the collateral is impaired.
    await advanceTo(system, '2026-11-16');
    const view = await collateral(loan.caseNumber);
    expect(view).toMatchObject({ impaired: true, impairedSince: '2026-11-16', coverage: '0.0000' });
    expect(view.assets[0]).toMatchObject({ condition: 'IMPAIRED', impairment: 'LAPSED' });
    expect(view.events.map((e: Json) => e.event)).toEqual(['FEE_DUE', 'FEE_IN_GRACE', 'IMPAIRED']);
    const items = await openWorkItems(loan.caseNumber);
    expect(items.map((i) => i.kind)).toEqual(['COLLATERAL_IMPAIRED', 'COLLATERAL_SHORTFALL']);
    expect(items[0]).toMatchObject({
      organisation_id: BANK,
      role: 'LOAN_OFFICER',
      created_on: '2026-11-16',
    });

    // Both the bank and the enterprise were told of each step (the delivery is the outbox's reader's).
    const told = await collateralEvents(loan.caseNumber);
    const impairedEvent = told.find(
      (e) => e.event_type === 'COLLATERAL_CHANGED' && e.payload.impairment === 'LAPSED',
    );
    expect(impairedEvent?.recipient_org_ids).toEqual([BANK, ENTERPRISE]);
    expect(
      told.filter((e) => e.event_type === 'COLLATERAL_NOTICE').map((e) => e.payload.condition),
    ).toEqual(['FEE_DUE', 'FEE_IN_GRACE']);

    // A new subsidy claim on the loan is refused with the reason; nothing is stored.
    const claim = await claimInterest(system, USERS.officer, {
      caseNumber: loan.caseNumber,
      fromInstalment: 1,
      toInstalment: 1,
    });
    const problem = expectProblem(claim, 409, 'SUBSIDY_HELD_COLLATERAL_IMPAIRED');
    expect(problem.detail).toContain(`${asset} LAPSED`);
    expect(
      await query(`SELECT 1 FROM subsidy_claim WHERE case_number = $1`, [loan.caseNumber]),
    ).toHaveLength(0);
    const refusals = await query(
      `SELECT 1 FROM audit_log WHERE action = 'API_REQUEST'
          AND payload->'outcome'->>'code' = 'SUBSIDY_HELD_COLLATERAL_IMPAIRED'`,
    );
    expect(refusals).toHaveLength(1);

    // The same date's watch again (a retried activity) raises and tells nothing twice.
    const counts = async () =>
      (
        await query<{ n: string }>(
          `SELECT (SELECT count(*) FROM work_item WHERE case_number = $1)
                + (SELECT count(*) FROM outbox_event WHERE case_number = $1)
                + (SELECT count(*) FROM collateral_event WHERE case_number = $1) AS n`,
          [loan.caseNumber],
        )
      )[0]!.n;
    const beforeRerun = await counts();
    const rerun = await system
      .worker!.get(RunCollateralWatchUseCase)
      .execute({ businessDate: '2026-11-16' });
    expect(rerun).toMatchObject({ skipped: null, assetsChanged: 0, tasksRaised: 0 });
    expect(await counts()).toBe(beforeRerun);
  });
});
