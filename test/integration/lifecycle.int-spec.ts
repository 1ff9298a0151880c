import {
  act,
  addDays,
  addMonths,
  advanceTo,
  attempt,
  businessDate,
  caseNumberOf,
  driveTo,
  driveToRegistered,
  expectCaseStatus,
  expectOk,
  expectProblem,
  fromFen,
  getCase,
  newUscc,
  openActiveCase,
  openCase,
  registerAsset,
  rowTotal,
  toFen,
  uniqueRef,
  USERS,
  withDb,
  type Json,
} from '../support/case-flows';
import { startTestSystem, type TestSystem } from '../support/test-system';

/**
 * The expected schedule, computed here from the contract terms alone: equal instalments at the
 * monthly rate 0.0345/12 on exact rationals, rounded half up to the fen once per instalment,
 * interest per month on the outstanding principal, the last row clearing what is left.
 */
function expectedEqualInstalmentSchedule(
  principalFen: bigint,
  rateNum: bigint,
  rateDen: bigint,
  months: number,
  firstDue: string,
) {
  const halfUp = (num: bigint, den: bigint) => (2n * num + den) / (2n * den);
  // r = rateNum / (rateDen·12); instalment = P·r·(1+r)^n / ((1+r)^n − 1)
  const q = rateDen * 12n;
  const grown = (q + rateNum) ** BigInt(months);
  const level = halfUp(principalFen * rateNum * grown, q * (grown - q ** BigInt(months)));
  const rows: { seq: number; dueDate: string; principal: string; interest: string }[] = [];
  let outstanding = principalFen;
  for (let seq = 1; seq <= months; seq++) {
    const interest = halfUp(outstanding * rateNum, q);
    const principal = seq === months ? outstanding : level - interest;
    outstanding -= principal;
    rows.push({
      seq,
      dueDate: addMonths(firstDue, seq - 1),
      principal: fromFen(principal),
      interest: fromFen(interest),
    });
  }
  return { level: fromFen(level), rows };
}

// The integration project's testTimeout is not applied to a project run, so set it here.
jest.setTimeout(60_000);

describe('lifecycle: a loan case from application to closure over the API', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem();
  });

  afterAll(async () => {
    await system.close();
  });

  it('runs a 1,000,000.00 yuan, 12-month equal-instalment loan from application to CLOSED', async () => {
    const today = await businessDate(system);
    expect(today).toBe('2026-01-15');

    // A pledgeable invention patent: 0.25 × 5,000,000.00 = 1,250,000.00 ≥ 1,000,000.00.
    const patent = await registerAsset(system, { title: 'acceptance: robot joint reducer' });
    const opened = await openCase(system, {
      bankReference: uniqueRef('ACC'),
      amount: '1000000.00',
      termMonths: 12,
      annualRate: '0.0345',
      repaymentMethod: 'EQUAL_INSTALMENT',
      assets: [{ type: 'PATENT', number: `ZL ${patent}` }],
    });
    const { caseNumber } = opened;
    expect(caseNumber).toBe(caseNumberOf(opened.request.bankReference));
    expect(opened.view.status).toBe('DRAFT');
    expect(opened.view.assets).toEqual([
      expect.objectContaining({ kind: 'INVENTION_PATENT', number: patent }),
    ]);

    const registered = await driveToRegistered(system, caseNumber, {
      values: [{ number: patent, value: '5000000.00' }],
      on: today,
    });
    expect(registered.ipCheck.passed).toBe(true);
    expect(registered.valuation.latest).toMatchObject({
      totalValue: '5000000.00',
      maxLoan: '1250000.00',
      firmOrgId: 'VAL-HUAYU',
    });
    expect(registered.approval).toMatchObject({
      approverUserId: USERS.approver,
      riskSharing: { bankBp: 2000, insurerBp: 1600, fundBp: 5400, guarantorBp: 1000 },
    });
    expect(registered.registration.current).toMatchObject({
      outcome: 'ACCEPTED',
      registeredOn: today,
    });

    const disbursementRef = `DB-${opened.request.bankReference}`;
    const active = await act(system, caseNumber, '/disbursement', {
      reference: disbursementRef,
      valueDate: '2026-01-15',
    });
    expect(active.status).toBe('ACTIVE');
    expect(active.disbursement).toMatchObject({
      reference: disbursementRef,
      amount: '1000000.00',
      valueDate: '2026-01-15',
      recordedBy: USERS.officer,
    });

    // The schedule, to the fen, against an independent computation and the published figures.
    const expected = expectedEqualInstalmentSchedule(100_000_000n, 345n, 10_000n, 12, '2026-02-15');
    expect(expected.level).toBe('84898.82');
    const schedule = active.schedule as Json[];
    expect(
      schedule.map((r) => ({
        seq: r.seq,
        dueDate: r.dueDate,
        principal: r.principal,
        interest: r.interest,
      })),
    ).toEqual(expected.rows);
    expect(schedule.map((r) => r.dueDate)).toEqual([
      '2026-02-15',
      '2026-03-15',
      '2026-04-15',
      '2026-05-15',
      '2026-06-15',
      '2026-07-15',
      '2026-08-15',
      '2026-09-15',
      '2026-10-15',
      '2026-11-15',
      '2026-12-15',
      '2027-01-15',
    ]);
    expect(schedule[0]).toMatchObject({
      periodStart: '2026-01-15',
      principal: '82023.82',
      interest: '2875.00',
    });
    for (const row of schedule.slice(0, 11)) expect(rowTotal(row)).toBe('84898.82');
    expect(schedule[11]).toMatchObject({ principal: '84655.45', interest: '243.38' });
    expect(fromFen(schedule.reduce((sum, r) => sum + toFen(r.interest), 0n))).toBe('18785.85');
    expect(fromFen(schedule.reduce((sum, r) => sum + toFen(r.principal), 0n))).toBe('1000000.00');
    expect(active.outstandingPrincipal).toBe('1000000.00');
    expect(active.nextDueDate).toBe('2026-02-15');

    // Month by month: close of business reaches the due date, the bank records the instalment.
    for (const row of schedule) {
      const cob = await advanceTo(system, row.dueDate);
      expect(cob.to).toBe(row.dueDate);
      expect(cob.casesNotified).toBeGreaterThanOrEqual(1);
      const onDueDate = await getCase(system, caseNumber);
      expect(onDueDate).toMatchObject({
        status: 'ACTIVE',
        businessDate: row.dueDate,
        daysPastDue: 0,
      });

      const amount = rowTotal(row);
      const after = await act(system, caseNumber, '/repayments', {
        reference: `RP-${opened.request.bankReference}-${row.seq}`,
        amount,
        valueDate: row.dueDate,
      });
      expect(after.daysPastDue).toBe(0);
      expect(after.repayments).toHaveLength(row.seq);
      expect(after.schedule[row.seq - 1]).toMatchObject({
        principalPaid: row.principal,
        interestPaid: row.interest,
        settledOn: row.dueDate,
      });
      expect(after.status).toBe(row.seq < 12 ? 'ACTIVE' : 'REPAID');
    }
    const repaid = await expectCaseStatus(system, caseNumber, 'REPAID');
    expect(repaid.outstandingPrincipal).toBe('0.00');
    expect(repaid.arrears).toBe('0.00');
    expect(repaid.nextDueDate).toBeNull();

    // Release: the bank asks, the registration office cancels the pledge, the case closes.
    const requested = await act(system, caseNumber, '/release/request');
    expect(requested.status).toBe('REPAID');
    expect(requested.release).toMatchObject({
      requestedOn: '2027-01-15',
      cancellationNumber: null,
    });
    const cancellationNumber = `CN-${opened.request.bankReference}`;
    const closed = await act(
      system,
      caseNumber,
      '/release/register',
      { cancellationNumber, registeredOn: '2027-01-15' },
      USERS.clerk,
    );
    expect(closed.status).toBe('CLOSED');
    expect(closed.release).toMatchObject({ cancellationNumber, registeredOn: '2027-01-15' });
    expect(closed.closure).toMatchObject({ kind: 'CLOSED', on: '2027-01-15' });
    await expectCaseStatus(system, caseNumber, 'CLOSED');

    // The timeline lists every step, in order, with who did it.
    const timeline = await (
      await system.as(USERS.officer)
    ).get(`/api/v1/cases/${caseNumber}/timeline`);
    expectOk(timeline, 200);
    const entries = timeline.body.entries as Json[];
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
    expect(entries.map((e) => [e.event, e.actorUserId, e.toStatus])).toEqual([
      ['OPEN', USERS.officer, 'DRAFT'],
      ['SUBMIT', USERS.officer, 'SUBMITTED'],
      ['VERIFY_IP', USERS.officer, 'VERIFIED'],
      ['REQUEST_VALUATION', USERS.officer, 'VALUATION'],
      ['SUBMIT_VALUATION', USERS.evaluator, 'VALUED'],
      ['APPROVE_CREDIT', USERS.approver, 'APPROVED'],
      ['SIGN_CONTRACT', USERS.officer, 'CONTRACTED'],
      ['SUBMIT_REGISTRATION', USERS.officer, 'REGISTERING'],
      ['ACCEPT_REGISTRATION', USERS.clerk, 'REGISTERED'],
      ['DISBURSE', USERS.officer, 'ACTIVE'],
      ...Array.from({ length: 12 }, () => ['RECORD_REPAYMENT', USERS.officer, 'ACTIVE']),
      ['MARK_REPAID', null, 'REPAID'],
      ['REQUEST_RELEASE', USERS.officer, 'REPAID'],
      ['REGISTER_RELEASE', USERS.clerk, 'RELEASED'],
      ['CLOSE', null, 'CLOSED'],
    ]);
    const roles = Object.fromEntries(
      entries.filter((e) => e.actorUserId).map((e) => [e.actorUserId, e.actorRole]),
    );
    expect(roles).toEqual({
      [USERS.officer]: 'LOAN_OFFICER',
      [USERS.evaluator]: 'EVALUATOR',
      [USERS.approver]: 'CREDIT_APPROVER',
      [USERS.clerk]: 'REGISTRATION_CLERK',
    });
    expect(entries.filter((e) => !e.actorUserId).map((e) => e.actorRole)).toEqual([
      'SYSTEM',
      'SYSTEM',
    ]);
    expect(entries.find((e) => e.event === 'DISBURSE').payload).toMatchObject({
      totalInterest: '18785.85',
    });
    expect(
      entries.filter((e) => e.event === 'RECORD_REPAYMENT').map((e) => e.businessDate),
    ).toEqual(schedule.map((r) => r.dueDate));

    await withDb(system, async (db) => {
      const disbursements = await db.query(
        `SELECT reference, amount::text AS amount, to_char(value_date, 'YYYY-MM-DD') AS value_date FROM disbursement WHERE case_number = $1`,
        [caseNumber],
      );
      expect(disbursements.rows).toEqual([
        { reference: disbursementRef, amount: '1000000.00', value_date: '2026-01-15' },
      ]);
      const repayments = await db.query(
        `SELECT amount::text AS amount FROM repayment WHERE case_number = $1 ORDER BY value_date`,
        [caseNumber],
      );
      expect(repayments.rows.map((r) => r.amount)).toEqual(schedule.map(rowTotal));
      const instalments = await db.query(
        `SELECT count(*)::int AS n, sum(interest)::text AS interest FROM schedule_instalment WHERE case_number = $1`,
        [caseNumber],
      );
      expect(instalments.rows).toEqual([{ n: 12, interest: '18785.85' }]);
      const pledges = await db.query(
        `SELECT asset_number, status, release_ground, cancellation_number FROM pledge WHERE case_number = $1`,
        [caseNumber],
      );
      expect(pledges.rows).toEqual([
        {
          asset_number: patent,
          status: 'RELEASED',
          release_ground: 'DEBT_REPAID',
          cancellation_number: cancellationNumber,
        },
      ]);
      const readModel = await db.query(`SELECT status FROM loan_case WHERE case_number = $1`, [
        caseNumber,
      ]);
      expect(readModel.rows).toEqual([{ status: 'CLOSED' }]);
    });
  });

  it('turns OVERDUE when close of business passes an unpaid due date, and ACTIVE again once the arrears are paid', async () => {
    const { caseNumber, valueDate, active } = await openActiveCase(system, {
      bankReference: uniqueRef('OVD'),
      amount: '300000.00',
    });
    const first = active.schedule[0] as Json;
    expect(first.dueDate).toBe(addMonths(valueDate, 1));

    // On the due date itself nothing is late yet.
    await advanceTo(system, first.dueDate);
    await expectCaseStatus(system, caseNumber, 'ACTIVE');

    const late = addDays(first.dueDate, 3);
    await advanceTo(system, late);
    const overdue = await expectCaseStatus(system, caseNumber, 'OVERDUE');
    expect(overdue.daysPastDue).toBe(3);
    expect(overdue.arrears).toBe(rowTotal(first));
    expect(overdue.businessDate).toBe(late);

    // Each close of business while it stays unpaid counts another day past due.
    const later = addDays(late, 2);
    await advanceTo(system, later);
    const stillOverdue = await expectCaseStatus(system, caseNumber, 'OVERDUE');
    expect(stillOverdue).toMatchObject({ daysPastDue: 5, businessDate: later });

    // A partial payment leaves it overdue.
    const partial = await act(system, caseNumber, '/repayments', {
      reference: `RP-${caseNumber}-1A`.slice(-60),
      amount: '1000.00',
      valueDate: later,
    });
    expect(partial.status).toBe('OVERDUE');
    expect(partial.daysPastDue).toBe(5);

    const rest = fromFen(toFen(rowTotal(first)) - 100_000n);
    const cured = await act(system, caseNumber, '/repayments', {
      reference: `RP-${caseNumber}-1B`.slice(-60),
      amount: rest,
      valueDate: later,
    });
    expect(cured.status).toBe('ACTIVE');
    expect(cured.daysPastDue).toBe(0);
    expect(cured.arrears).toBe('0.00');
    expect(cured.schedule[0].settledOn).toBe(later);
    await expectCaseStatus(system, caseNumber, 'ACTIVE');

    const timeline = await (
      await system.as(USERS.officer)
    ).get(`/api/v1/cases/${caseNumber}/timeline`);
    const systemSteps = (timeline.body.entries as Json[])
      .filter((e) => e.actorRole === 'SYSTEM')
      .map((e) => [e.event, e.businessDate]);
    expect(systemSteps).toEqual([
      ['MARK_OVERDUE', late],
      ['CURE_OVERDUE', later],
    ]);
  });

  it('books a repayment recorded twice under the same bank reference once', async () => {
    const { caseNumber, active } = await openActiveCase(system, {
      bankReference: uniqueRef('IDEM'),
      amount: '200000.00',
    });
    const first = active.schedule[0] as Json;
    const today = await businessDate(system);
    const payment = {
      reference: `RP-IDEM-${caseNumber.slice(-12)}`,
      amount: '5000.00',
      valueDate: today,
    };

    const once = await act(system, caseNumber, '/repayments', payment);
    expect(once.repayments).toEqual([
      { reference: payment.reference, valueDate: today, amount: '5000.00' },
    ]);
    const twice = await act(system, caseNumber, '/repayments', payment);
    expect(twice.repayments).toHaveLength(once.repayments.length);
    expect(twice.version).toBe(once.version);
    expect(twice.schedule[0].interestPaid).toBe(first.interest);

    // The same reference with another amount is a different payment claiming the same id.
    const conflicting = await attempt(system, caseNumber, '/repayments', {
      ...payment,
      amount: '6000.00',
    });
    expectProblem(conflicting, 422, 'DUPLICATE_REFERENCE');

    await withDb(system, async (db) => {
      const rows = await db.query(
        `SELECT reference, amount::text AS amount FROM repayment WHERE case_number = $1`,
        [caseNumber],
      );
      expect(rows.rows).toEqual([{ reference: payment.reference, amount: '5000.00' }]);
      const events = await db.query(
        `SELECT count(*)::int AS n FROM case_event WHERE case_number = $1 AND event = 'RECORD_REPAYMENT'`,
        [caseNumber],
      );
      expect(events.rows[0].n).toBe(1);
    });
    const view = await expectCaseStatus(system, caseNumber, 'ACTIVE');
    expect(view.repayments).toHaveLength(1);
  });

  describe('listing and visibility', () => {
    // Cases of one enterprise of its own, so the filters' answers are known exactly.
    const enterprise = {
      uscc: newUscc(),
      name: '上海列表测试科技有限公司 (test)',
      districtCode: '310104',
      sme: true,
    };
    const drafts: string[] = [];
    let submitted: string;
    let pudongCase: string;
    const pudongFirm = { ...enterprise, uscc: newUscc(), districtCode: '310115' };

    beforeAll(async () => {
      for (let i = 0; i < 3; i++) {
        drafts.push(
          (
            await openCase(system, {
              bankReference: uniqueRef('LST'),
              enterprise,
              amount: `${100000 + i}.00`,
            })
          ).caseNumber,
        );
      }
      submitted = (await openCase(system, { bankReference: uniqueRef('LST'), enterprise }))
        .caseNumber;
      await act(system, submitted, '/submit');
      pudongCase = (
        await openCase(system, {
          bankReference: uniqueRef('LST'),
          // The case's district comes from the register: a second firm, registered in Pudong.
          enterprise: pudongFirm,
        })
      ).caseNumber;
    });

    async function list(
      query: string,
      who: string = USERS.officer,
    ): Promise<{ items: Json[]; nextCursor: string | null }> {
      const res = await (await system.as(who)).get(`/api/v1/cases?${query}`);
      expectOk(res, 200);
      return res.body;
    }

    it('filters by status and district', async () => {
      const e = `enterprise=${enterprise.uscc}`;
      const all = await list(e);
      expect(new Set(all.items.map((i) => i.caseNumber))).toEqual(new Set([...drafts, submitted]));

      const xuhuiDrafts = await list(`${e}&status=DRAFT&district=310104`);
      expect(xuhuiDrafts.items.map((i) => i.caseNumber).sort()).toEqual([...drafts].sort());
      expect(
        xuhuiDrafts.items.every((i) => i.status === 'DRAFT' && i.districtCode === '310104'),
      ).toBe(true);

      const draftOrSubmitted = await list(`${e}&status=DRAFT,SUBMITTED&district=310104`);
      expect(draftOrSubmitted.items.map((i) => i.caseNumber).sort()).toEqual(
        [...drafts, submitted].sort(),
      );

      expect((await list(`${e}&district=310115`)).items).toEqual([]);
      const pudong = await list(`enterprise=${pudongFirm.uscc}&district=310115`);
      expect(pudong.items.map((i) => i.caseNumber)).toEqual([pudongCase]);

      const none = await list(`${e}&status=ACTIVE`);
      expect(none).toEqual({ items: [], nextCursor: null, total: 0 });

      const byAmount = await list(`${e}&status=DRAFT&district=310104&sort=amount`);
      expect(byAmount.items.map((i) => i.amount)).toEqual(['100000.00', '100001.00', '100002.00']);
    });

    /** Follows nextCursor from the first page to the last; returns the case numbers per page. */
    async function walk(query: string, limit: number): Promise<string[][]> {
      const pages: string[][] = [];
      let cursor: string | null = null;
      do {
        const after: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
        const body = await list(`${query}&limit=${limit}${after}`);
        pages.push(body.items.map((i) => i.caseNumber as string));
        cursor = body.nextCursor;
      } while (cursor && pages.length < 10);
      return pages;
    }

    it('walks every page with limit=1 through nextCursor, newest first', async () => {
      const byCreation = await walk(`enterprise=${enterprise.uscc}&district=310104`, 1);
      // Newest first: the reverse of the order they were opened in, one per page, each once.
      expect(byCreation).toEqual([[submitted], [drafts[2]], [drafts[1]], [drafts[0]]]);

      // The cursor follows the sort key too: by amount, ascending, two per page.
      const byAmount = await walk(`enterprise=${enterprise.uscc}&district=310104&sort=amount`, 2);
      expect(byAmount).toEqual([
        [drafts[0], drafts[1]],
        [drafts[2], submitted],
      ]);

      const bad = await (await system.as(USERS.officer)).get('/api/v1/cases?cursor=not-a-cursor');
      expectProblem(bad, 400, 'INVALID_CURSOR');
    });

    it('hides one bank’s cases from another bank', async () => {
      const res = await (await system.as(USERS.otherBankOfficer)).get(`/api/v1/cases/${drafts[0]}`);
      expectProblem(res, 404, 'CASE_NOT_FOUND');
      const timeline = await (
        await system.as(USERS.otherBankOfficer)
      ).get(`/api/v1/cases/${drafts[0]}/timeline`);
      expectProblem(timeline, 404, 'CASE_NOT_FOUND');
      const submit = await attempt(system, drafts[0]!, '/submit', {}, USERS.otherBankOfficer);
      expectProblem(submit, 404, 'CASE_NOT_FOUND');
      await expectCaseStatus(system, drafts[0]!, 'DRAFT');

      // Its list leaves SHCB's cases out, and asking for them by name is refused (403).
      const mine = await list('limit=200', USERS.otherBankOfficer);
      expect(mine.items.filter((i) => i.bankOrgId === 'BANK-SHCB')).toEqual([]);
      expectProblem(
        await (
          await system.as(USERS.otherBankOfficer)
        ).get(`/api/v1/cases?bank=BANK-SHCB&enterprise=${enterprise.uscc}`),
        403,
        'FILTER_FORBIDDEN',
      );
      // While the owning bank sees them.
      const own = await list('limit=200');
      expect(own.items.map((i) => i.caseNumber)).toEqual(
        expect.arrayContaining([...drafts, submitted, pudongCase]),
      );
    });

    it('tells each user which actions they may take now', async () => {
      const allowed = async (caseNumber: string, who: string) => {
        const res = await (await system.as(who)).get(`/api/v1/cases/${caseNumber}/allowed-actions`);
        expectOk(res, 200);
        return (res.body.actions as { action: string }[]).map((a) => a.action).sort();
      };
      expect(await allowed(drafts[0]!, USERS.officer)).toEqual(['submit', 'withdraw']);
      // The approver may also hand any open case to another officer.
      expect(await allowed(drafts[0]!, USERS.approver)).toEqual(['reassign-owner', 'reject']);

      const valued = (await openCase(system, { bankReference: uniqueRef('ALW') })).caseNumber;
      await driveTo(system, valued, 'VALUED');
      expect(await allowed(valued, USERS.officer)).toEqual(['request-valuation', 'withdraw']);
      expect(await allowed(valued, USERS.approver)).toEqual([
        'approve-credit',
        'reassign-owner',
        'reject',
      ]);
      expect(await allowed(valued, USERS.evaluator)).toEqual([]);

      const hidden = await (
        await system.as(USERS.otherBankOfficer)
      ).get(`/api/v1/cases/${valued}/allowed-actions`);
      expectProblem(hidden, 404, 'CASE_NOT_FOUND');
    });
  });

  it('runs close of business to the same date in two installations sharing one Temporal namespace', async () => {
    // Another installation (its own database, task queue and business calendar) on the same server.
    const other = await startTestSystem();
    try {
      const date = addDays(await businessDate(system), 1);
      expect(await businessDate(other)).not.toBe(date);
      expect((await advanceTo(system, date)).to).toBe(date);
      expect((await advanceTo(other, date)).to).toBe(date);
      expect(await businessDate(other)).toBe(date);
      expect(await businessDate(system)).toBe(date);
    } finally {
      await other.close();
    }
  });
});
