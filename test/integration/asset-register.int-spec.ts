import { patentNumber, uscc } from '../../libs/persistence/src/seed/seed';
import { startTestSystem, type TestSystem } from '../support/test-system';

/** The registration office's asset register: clerk edits with history, all-or-nothing CSV import. */
describe('IP asset register', () => {
  let system: TestSystem;
  const owner = uscc('91310110MA1G8P7Q4');

  beforeAll(async () => {
    system = await startTestSystem({ worker: false });
  });

  afterAll(async () => {
    await system.close();
  });

  it('lets a clerk create and correct an asset, keeping every change in its history', async () => {
    const clerk = await system.as('clerk.reg');
    const number = patentNumber('202310000001');
    const asset = {
      kind: 'INVENTION_PATENT',
      title: '一种测试装置',
      owners: [owner],
      grantDate: '2024-01-02',
      expiryDate: '2043-06-30',
      annualFeePaidUntil: '2026-06-30',
      legalStatus: 'IN_FORCE',
    };
    expect((await clerk.put(`/api/v1/assets/ZL${number}`, asset).expect(200)).body).toEqual({
      number,
      change: 'CREATED',
    });
    expect(
      (await clerk.put(`/api/v1/assets/${number}`, { ...asset, legalStatus: 'FROZEN' }).expect(200))
        .body.change,
    ).toBe('UPDATED');
    expect(
      (await clerk.put(`/api/v1/assets/${number}`, { ...asset, legalStatus: 'FROZEN' }).expect(200))
        .body.change,
    ).toBe('UNCHANGED');
    const read = await clerk.get(`/api/v1/assets/${number}`).expect(200);
    expect(read.body.legalStatus).toBe('FROZEN');
    expect(
      read.body.history.map((h: { change: string; after: { legalStatus: string } }) => [
        h.change,
        h.after.legalStatus,
      ]),
    ).toEqual([
      ['CREATED', 'IN_FORCE'],
      ['UPDATED', 'FROZEN'],
    ]);
    expect(read.body.history[1].changedBy).toBe('clerk.reg');
  });

  it('refuses register edits from anyone but a registration clerk', async () => {
    const officer = await system.as('officer.shcb');
    const res = await officer.put(`/api/v1/assets/${patentNumber('202310000002')}`, {
      kind: 'INVENTION_PATENT',
      title: 'x',
      owners: [owner],
      legalStatus: 'IN_FORCE',
    });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('ROLE_FORBIDDEN');
  });

  it('imports a CSV in one transaction, and stores nothing when any row is bad', async () => {
    const clerk = await system.as('clerk.reg');
    const header = 'number,kind,title,owners,grantDate,expiryDate,annualFeePaidUntil,legalStatus';
    const good = [
      `${patentNumber('202310000010')},INVENTION_PATENT,"装置, 方法",${owner},2024-01-01,2043-01-01,2026-12-31,IN_FORCE`,
      `2023SR0654321,SOFTWARE_COPYRIGHT,软件,${owner};${uscc('91310104MA1FL8QK5')},2023-03-03,2073-12-31,,IN_FORCE`,
    ];
    const bad = `${patentNumber('202310000011').replace(/.$/, 'Y')},INVENTION_PATENT,坏号,${owner},2024-01-01,2043-01-01,2026-12-31,IN_FORCE`;

    const refused = await system.http
      .post('/api/v1/assets/import')
      .set(
        'Authorization',
        `Bearer ${(await system.http.post('/api/v1/auth/dev-login').send({ username: 'clerk.reg' })).body.accessToken}`,
      )
      .set('Content-Type', 'text/csv')
      .send([header, ...good, bad].join('\n'))
      .expect(400);
    expect(refused.body.code).toBe('CSV_INVALID');
    expect(refused.body.errors).toEqual([{ line: 4, problem: expect.stringContaining('PATENT') }]);
    await clerk.get(`/api/v1/assets/${patentNumber('202310000010')}`).expect(404);

    const imported = await system.http
      .post('/api/v1/assets/import')
      .set(
        'Authorization',
        `Bearer ${(await system.http.post('/api/v1/auth/dev-login').send({ username: 'clerk.reg' })).body.accessToken}`,
      )
      .set('Content-Type', 'text/csv')
      .send([header, ...good].join('\n'))
      .expect(200);
    expect(imported.body).toEqual({ rows: 2, created: 2, updated: 0, unchanged: 0 });
    const copyright = await clerk.get('/api/v1/assets/2023SR0654321').expect(200);
    expect(copyright.body.owners).toHaveLength(2);
    expect(
      (await clerk.get(`/api/v1/assets/${patentNumber('202310000010')}`).expect(200)).body.title,
    ).toBe('装置, 方法');
  });
});
