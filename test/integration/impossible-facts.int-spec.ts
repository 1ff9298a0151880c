import { uscc } from '../../libs/persistence/src/seed/seed';
import {
  businessDate,
  caseBody,
  caseRequest,
  ensureEnterprise,
  newPatentNumber,
  registerAsset,
  USERS,
  withDb,
} from '../support/case-flows';
import { startTestSystem, type TestSystem } from '../support/test-system';

jest.setTimeout(180_000);

/**
 * Facts that cannot be true are refused where the domain says so, whatever the form's types
 * allow: a register record with an empty title, a grant in the future or an impossible expiry,
 * and a loan at a rate of zero or a percentage typed as a fraction. Nothing is stored.
 */
describe('impossible facts', () => {
  let system: TestSystem;
  let today: string;
  const owner = uscc('91310110MA1G8P7Q4');

  beforeAll(async () => {
    system = await startTestSystem();
    today = await businessDate(system);
  });

  afterAll(async () => {
    await system.close();
  });

  const assetRows = (number: string) =>
    withDb(system, async (db) =>
      Number(
        (await db.query('SELECT count(*) AS n FROM ip_asset WHERE number = $1', [number])).rows[0]
          .n,
      ),
    );
  const asset = {
    kind: 'INVENTION_PATENT',
    title: '一种测试装置',
    owners: [owner],
    grantDate: '2024-01-02',
    expiryDate: '2043-06-30',
    annualFeePaidUntil: '2026-06-30',
    legalStatus: 'IN_FORCE',
  };
  const nextYear = (date: string) => `${Number(date.slice(0, 4)) + 1}${date.slice(4)}`;

  it('refuses register records with an empty title, a future grant or an impossible expiry', async () => {
    const clerk = await system.as(USERS.clerk);
    for (const [change, field] of [
      [{ title: '   ' }, 'title'],
      [{ grantDate: nextYear(today), expiryDate: '2045-01-01' }, 'grantDate'],
      [{ expiryDate: '2023-12-31' }, 'expiryDate'],
      [{ expiryDate: '2199-12-31' }, 'expiryDate'],
    ] as const) {
      const number = newPatentNumber();
      const res = await clerk.put(`/api/v1/assets/${number}`, { ...asset, ...change });
      expect([field, res.status, res.body.code]).toEqual([field, 422, 'INVALID_ASSET_RECORD']);
      expect(res.body.detailZh).toMatch(/[\u4e00-\u9fff]/);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
      expect(await assetRows(number)).toBe(0);
    }
    // The database refuses them too, whoever writes.
    await expect(
      withDb(system, (db) =>
        db.query(
          `INSERT INTO ip_asset (number, kind, title, owners, legal_status) VALUES ($1, 'INVENTION_PATENT', ' ', $2, 'IN_FORCE')`,
          [newPatentNumber(), [owner]],
        ),
      ),
    ).rejects.toThrow(/ip_asset_title_present/);
  });

  it('refuses a CSV import with such a row, naming its line, and stores none of it', async () => {
    const good = newPatentNumber();
    const bad = newPatentNumber();
    const csv = [
      'number,kind,title,owners,grantDate,expiryDate,annualFeePaidUntil,legalStatus',
      `${good},INVENTION_PATENT,一种装置,${owner},2024-01-02,2043-06-30,,IN_FORCE`,
      `${bad},INVENTION_PATENT,一种方法,${owner},2024-01-02,2024-01-01,,IN_FORCE`,
    ].join('\n');
    const login = await system.http
      .post('/api/v1/auth/dev-login')
      .send({ username: USERS.clerk })
      .expect(200);
    const res = await system.http
      .post('/api/v1/assets/import')
      .set('Authorization', `Bearer ${login.body.accessToken}`)
      .set('Content-Type', 'text/csv')
      .send(csv);
    expect({ status: res.status, code: res.body.code }).toEqual({
      status: 400,
      code: 'CSV_INVALID',
    });
    expect(res.body.errors).toEqual([{ line: 3, problem: expect.stringContaining('expiryDate') }]);
    expect(await assetRows(good)).toBe(0);
    expect(await assetRows(bad)).toBe(0);
  });

  it('refuses a loan at a rate of zero or above 24 %, and starts nothing', async () => {
    const request = caseRequest({
      assets: [{ type: 'PATENT', number: await registerAsset(system) }],
    });
    await ensureEnterprise(system, request.enterprise);
    const officer = await system.as(USERS.officer);
    const cases = () =>
      withDb(system, async (db) =>
        Number((await db.query('SELECT count(*) AS n FROM loan_case')).rows[0].n),
      );
    const before = await cases();
    for (const annualRate of ['0', '0.0000', '3.45']) {
      const res = await officer.post('/api/v1/cases', caseBody({ ...request, annualRate }));
      expect([annualRate, res.status, res.body.code]).toEqual([
        annualRate,
        422,
        'INVALID_CONTRACT_RATE',
      ]);
      expect(res.body.detailZh).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(await cases()).toBe(before);
    const opened = await officer.post(
      '/api/v1/cases',
      caseBody({ ...request, annualRate: '0.0345' }),
    );
    expect(opened.status).toBe(201);
  });
});
