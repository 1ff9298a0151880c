import { positionOf, type ScheduleRow } from '../../libs/domain/src/loan-account';
import { DEMO_ENTERPRISES } from '../../libs/persistence/src/seed/seed';
import {
  act,
  addDays,
  advanceTo,
  businessDate,
  driveToRegistered,
  expectOk,
  expectProblem,
  getCase,
  newUscc,
  openCase,
  PLEDGOR,
  registerAsset,
  rowTotal,
  uniqueRef,
  USERS,
  withDb,
  type EnterpriseSpec,
  type Json,
} from '../support/case-flows';
import { startTestSystem, type TestSystem } from '../support/test-system';

jest.setTimeout(300_000);

/** What the test made of each case: enough to know what its list row must say. */
interface Made {
  caseNumber: string;
  bankReference: string;
  amount: string;
  productCode: string;
  owner: string;
  districtCode: string;
  enterprise: EnterpriseSpec & { name: string };
  disbursed: boolean;
  repayments: { reference: string; valueDate: string; amount: string }[];
}

const SORT_KEYS = ['nextDueDate', 'daysPastDue', 'amount', 'updatedAt', 'createdAt'] as const;

/**
 * The case list for real work: every filter (owner, status, district, enterprise by name part or
 * USCC, product, due within N days, days past due, text search) and every sort, asc and desc,
 * paged one row at a time, against expectations computed here from the cases this test made;
 * each row's account figures against the domain's position of the schedule and the repayments
 * made; refused filters and cursors.
 */
describe('case list: filters, sorts, paging and account columns', () => {
  let system: TestSystem;
  const made: Made[] = [];
  const tag = uniqueRef('LP').replace(/-/g, '');
  const probe: EnterpriseSpec & { name: string } = {
    uscc: newUscc(),
    name: `上海列表测试 ListProbe${tag} 有限公司`,
    districtCode: '310115',
  };
  const xuhui = { ...DEMO_ENTERPRISES.xuhuiSoft };
  const pledgor = { ...PLEDGOR };

  async function make(options: {
    enterprise: EnterpriseSpec & { name: string };
    amount: string;
    productCode?: string;
    officer?: string;
    approver?: string;
    disburse?: boolean;
  }): Promise<Made> {
    const officer = options.officer ?? USERS.officer;
    const asset = await registerAsset(system, { owners: [options.enterprise.uscc] });
    const opened = await openCase(
      system,
      {
        enterprise: options.enterprise,
        amount: options.amount,
        productCode: options.productCode ?? 'SHCB-IP-STD',
        assets: [{ type: 'PATENT', number: asset }],
      },
      officer,
    );
    const row: Made = {
      caseNumber: opened.caseNumber,
      bankReference: opened.request.bankReference,
      amount: options.amount,
      productCode: options.productCode ?? 'SHCB-IP-STD',
      owner: officer,
      districtCode: options.enterprise.districtCode!,
      enterprise: options.enterprise,
      disbursed: false,
      repayments: [],
    };
    if (options.disburse) {
      const on = await businessDate(system);
      await driveToRegistered(system, opened.caseNumber, {
        on,
        officer,
        ...(options.approver ? { approver: options.approver } : {}),
      });
      const view = await act(
        system,
        opened.caseNumber,
        '/disbursement',
        { reference: `DB-${opened.request.bankReference}`, valueDate: on },
        officer,
      );
      expect(view.status).toBe('ACTIVE');
      row.disbursed = true;
    }
    made.push(row);
    return row;
  }

  async function repay(row: Made, amount: string): Promise<void> {
    const valueDate = await businessDate(system);
    const reference = `RP-${row.bankReference}-${row.repayments.length + 1}`;
    await act(system, row.caseNumber, '/repayments', { reference, amount, valueDate }, row.owner);
    row.repayments.push({ reference, valueDate, amount });
  }

  /** The account figures the domain gives for the case's schedule and the repayments made. */
  async function expectedAccount(row: Made, asOf: string) {
    if (!row.disbursed)
      return { nextDueDate: null, daysPastDue: 0, outstandingPrincipal: '0.00', arrears: '0.00' };
    const view = await getCase(system, row.caseNumber, row.owner);
    const schedule: ScheduleRow[] = view.schedule.map((r: Json) => ({
      seq: r.seq,
      periodStart: r.periodStart,
      dueDate: r.dueDate,
      principal: r.principal,
      interest: r.interest,
    }));
    const p = positionOf(schedule, row.repayments, asOf);
    return {
      nextDueDate: p.nextDueDate,
      daysPastDue: p.daysPastDue,
      outstandingPrincipal: p.outstandingPrincipal,
      arrears: p.arrears,
    };
  }

  async function listAll(who: string, query = ''): Promise<{ items: Json[]; total: number }> {
    const items: Json[] = [];
    let cursor: string | null = null;
    let total = -1;
    do {
      const res = await (
        await system.as(who)
      ).get(`/api/v1/cases?limit=2${query}${cursor ? `&cursor=${cursor}` : ''}`);
      expectOk(res, 200);
      items.push(...res.body.items);
      total = res.body.total;
      cursor = res.body.nextCursor;
    } while (cursor);
    return { items, total };
  }

  const numbers = (rows: { caseNumber: string }[]) => rows.map((r) => r.caseNumber);
  const sorted = (rows: Made[]) => numbers(rows).sort();

  let b: Made, c: Made, d: Made, e: Made;
  let expected: Map<string, Awaited<ReturnType<typeof expectedAccount>>>;
  let today: string;

  beforeAll(async () => {
    system = await startTestSystem();
    const start = await businessDate(system);
    // A draft: no account yet.
    await make({ enterprise: pledgor, amount: '300000.00' });
    d = await make({ enterprise: pledgor, amount: '600000.00', disburse: true });
    e = await make({
      enterprise: pledgor,
      amount: '400000.00',
      productCode: 'PDIB-IP-FAST',
      officer: USERS.otherBankOfficer,
      approver: 'approver.pdib',
    });
    await advanceTo(system, addDays(start, 5));
    b = await make({
      enterprise: probe,
      amount: '800000.00',
      productCode: 'SHCB-IP-GROWTH',
      officer: USERS.officer2,
      disburse: true,
    });
    c = await make({ enterprise: xuhui, amount: '500000.00', disburse: true });
    // A month on: b pays its first instalment, c its first and 1,000.00 more, d nothing.
    const firstDue = (await getCase(system, b.caseNumber, b.owner)).schedule[0];
    await advanceTo(system, firstDue.dueDate);
    await repay(b, rowTotal(firstDue));
    await repay(c, rowTotal((await getCase(system, c.caseNumber)).schedule[0]));
    await repay(c, '1000.00');
    today = await businessDate(system);
    expected = new Map();
    for (const row of made) expected.set(row.caseNumber, await expectedAccount(row, today));
  });

  afterAll(async () => {
    await system?.close();
  });

  it('each row carries the account figures of its schedule and repayments, its product, owner and reference', async () => {
    const { items, total } = await listAll(USERS.officer);
    const shcb = made.filter((m) => m !== e);
    expect(numbers(items).sort()).toEqual(sorted(shcb));
    expect(total).toBe(shcb.length);
    // The overdue case really is overdue, and the instalments are really paid.
    expect(expected.get(d.caseNumber)!.daysPastDue).toBeGreaterThan(0);
    expect(expected.get(c.caseNumber)!.outstandingPrincipal).not.toBe(c.amount);
    for (const row of shcb) {
      const item = items.find((i) => i.caseNumber === row.caseNumber);
      expect(item).toMatchObject({
        ...expected.get(row.caseNumber),
        productCode: row.productCode,
        ownerUserId: row.owner,
        bankReference: row.bankReference,
        amount: row.amount,
        districtCode: row.districtCode,
      });
      expect(typeof item.updatedAt).toBe('string');
    }
    expect((await getCase(system, d.caseNumber)).status).toBe('OVERDUE');

    // The firm sees its loans' figures, not the bank's owner nor its internal reference.
    const own = await listAll('enterprise.pujiang');
    const theirs = made.filter((m) => m.enterprise.uscc === pledgor.uscc);
    expect(numbers(own.items).sort()).toEqual(sorted(theirs));
    for (const item of own.items) {
      expect(item).toMatchObject(expected.get(item.caseNumber)!);
      expect(item).not.toHaveProperty('ownerUserId');
      expect(item).not.toHaveProperty('bankReference');
    }
  });

  it('filters: owner, status, district, enterprise, product, due within, days past due, text', async () => {
    const shcb = made.filter((m) => m !== e);
    const cases: [string, string, Made[]][] = [
      [USERS.officer2, '&owner=me', shcb.filter((m) => m.owner === USERS.officer2)],
      [USERS.officer, `&owner=${USERS.officer}`, shcb.filter((m) => m.owner === USERS.officer)],
      [
        USERS.officer,
        '&status=ACTIVE,OVERDUE',
        shcb.filter((m) => m.disbursed), // every disbursed case is live
      ],
      [
        USERS.officer,
        '&status=OVERDUE',
        shcb.filter((m) => expected.get(m.caseNumber)!.daysPastDue > 0),
      ],
      [USERS.officer, '&district=310104', shcb.filter((m) => m.districtCode === '310104')],
      [
        USERS.officer,
        `&enterprise=${encodeURIComponent(`listprobe${tag.toLowerCase()}`)}`,
        shcb.filter((m) =>
          m.enterprise.name.toLowerCase().includes(`listprobe${tag.toLowerCase()}`),
        ),
      ],
      [
        USERS.officer,
        `&enterprise=${pledgor.uscc.toLowerCase()}`,
        shcb.filter((m) => m.enterprise.uscc === pledgor.uscc),
      ],
      [
        USERS.officer,
        '&product=SHCB-IP-GROWTH',
        shcb.filter((m) => m.productCode === 'SHCB-IP-GROWTH'),
      ],
      [
        USERS.officer,
        '&minDaysPastDue=1',
        shcb.filter((m) => expected.get(m.caseNumber)!.daysPastDue >= 1),
      ],
      [
        USERS.officer,
        `&q=${encodeURIComponent(c.bankReference.slice(-8).toLowerCase())}`,
        shcb.filter((m) =>
          m.caseNumber.toLowerCase().includes(c.bankReference.slice(-8).toLowerCase()),
        ),
      ],
      [
        USERS.officer,
        `&q=${encodeURIComponent(`ListProbe${tag}`)}`,
        shcb.filter((m) => m.enterprise.name.includes(`ListProbe${tag}`)),
      ],
      // A LIKE wildcard is searched for literally.
      [USERS.officer, '&q=%25', []],
      ['reviewer.pudong', '', made.filter((m) => m.districtCode === '310115')],
    ];
    for (const days of [0, 20, 25, 40]) {
      const limit = addDays(today, days);
      cases.push([
        USERS.officer,
        `&dueWithinDays=${days}`,
        shcb.filter((m) => {
          const next = expected.get(m.caseNumber)!.nextDueDate;
          return next !== null && next <= limit;
        }),
      ]);
    }
    for (const [who, query, want] of cases) {
      const { items, total } = await listAll(who, query);
      expect({ query, who, found: numbers(items).sort() }).toEqual({
        query,
        who,
        found: sorted(want),
      });
      expect(total).toBe(want.length);
    }
    // The filters were not all trivially empty or full.
    expect(
      cases.filter(([, , want]) => want.length > 0 && want.length < made.length).length,
    ).toBeGreaterThan(8);
  });

  it('sorts every key both ways, paging one row at a time, each case once, ties by case number', async () => {
    const { items } = await listAll(USERS.admin);
    const rows = new Map(items.map((i) => [i.caseNumber as string, i]));
    const value = (caseNumber: string, key: (typeof SORT_KEYS)[number]): string | number => {
      const row = made.find((m) => m.caseNumber === caseNumber)!;
      const account = expected.get(caseNumber)!;
      switch (key) {
        case 'nextDueDate':
          return account.nextDueDate ?? '9999-12-31';
        case 'daysPastDue':
          return account.daysPastDue;
        case 'amount':
          return Number(row.amount);
        default:
          return rows.get(caseNumber)[key];
      }
    };
    for (const key of SORT_KEYS) {
      for (const descending of [false, true]) {
        const want = numbers(made).sort((x, y) => {
          const [vx, vy] = [value(x, key), value(y, key)];
          const order = vx < vy ? -1 : vx > vy ? 1 : x < y ? -1 : x > y ? 1 : 0;
          return descending ? -order : order;
        });
        const pages: string[] = [];
        let cursor: string | null = null;
        do {
          const res = await (
            await system.as(USERS.admin)
          ).get(
            `/api/v1/cases?limit=1&sort=${descending ? '-' : ''}${key}${cursor ? `&cursor=${cursor}` : ''}`,
          );
          expectOk(res, 200);
          expect(res.body.items.length).toBeLessThanOrEqual(1);
          expect(res.body.total).toBe(made.length);
          pages.push(...numbers(res.body.items));
          cursor = res.body.nextCursor;
        } while (cursor);
        expect({ key, descending, pages }).toEqual({ key, descending, pages: want });
      }
    }
  });

  it('refuses bad filters, foreign scopes and cursors by code, and audits the refusal', async () => {
    const officer = await system.as(USERS.officer);
    expectProblem(await officer.get('/api/v1/cases?sort=bogus'), 400, 'VALIDATION_FAILED');
    expectProblem(await officer.get('/api/v1/cases?dueWithinDays=-1'), 400, 'VALIDATION_FAILED');
    expectProblem(await officer.get('/api/v1/cases?minDaysPastDue=x'), 400, 'VALIDATION_FAILED');
    expectProblem(await officer.get('/api/v1/cases?q='), 400, 'VALIDATION_FAILED');
    expectProblem(await officer.get('/api/v1/cases?bank=BANK-PDIB'), 403, 'FILTER_FORBIDDEN');
    expectProblem(await officer.get('/api/v1/cases?product=PDIB-IP-FAST'), 403, 'FILTER_FORBIDDEN');
    expectProblem(
      await (await system.as('reviewer.pudong')).get('/api/v1/cases?district=310104'),
      403,
      'FILTER_FORBIDDEN',
    );
    const first = await officer.get('/api/v1/cases?limit=1&sort=amount');
    expectOk(first, 200);
    expect(first.body.nextCursor).not.toBeNull();
    // A cursor continues the sort it came from only; a made-up one is refused.
    const other = await officer.get(
      `/api/v1/cases?limit=1&sort=-amount&cursor=${first.body.nextCursor}`,
    );
    expectProblem(other, 400, 'INVALID_CURSOR');
    const forged = Buffer.from(JSON.stringify(['amount', "1' OR 1=1", 'X'])).toString('base64url');
    expectProblem(
      await officer.get(`/api/v1/cases?sort=amount&cursor=${forged}`),
      400,
      'INVALID_CURSOR',
    );
    for (const [sort, value, caseNumber] of [
      ['nextDueDate', '2026-02-32', c.caseNumber],
      ['updatedAt', '2026-02-28T25:00:00.000000Z', c.caseNumber],
      ['daysPastDue', '1', 'BANK-SHCB-\u0000'],
    ]) {
      const forged = Buffer.from(JSON.stringify([sort, value, caseNumber])).toString('base64url');
      expectProblem(
        await officer.get(`/api/v1/cases?sort=${sort}&cursor=${forged}`),
        400,
        'INVALID_CURSOR',
      );
    }
    const audited = await withDb(
      system,
      async (db) =>
        (
          await db.query(
            `SELECT actor_username AS who, payload->'query'->>'product' AS product,
                    payload->'outcome'->>'code' AS code, (payload->'outcome'->>'status')::int AS status
               FROM audit_log WHERE action = 'API_REQUEST' AND payload->>'path' = '/api/v1/cases'
                AND payload->'query' ? 'product' AND payload->'outcome'->>'code' IS NOT NULL`,
          )
        ).rows,
    );
    expect(audited).toEqual([
      { who: USERS.officer, product: 'PDIB-IP-FAST', code: 'FILTER_FORBIDDEN', status: 403 },
    ]);
  });
});
