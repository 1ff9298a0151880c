import { Client as TemporalClient, Connection } from '@temporalio/client';
import { DEMO_ASSETS, DEMO_ENTERPRISES } from '../../libs/persistence/src/seed/seed';
import { eventually } from '../support/case-flows';
import { startTestSystem, type TestSystem } from '../support/test-system';

/** One case through every layer: API → Temporal workflow → activity → PostgreSQL → outbox → inbox. */
describe('foundation: one case flowing end to end', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem();
  });

  afterAll(async () => {
    await system.close();
  });

  it('reports Temporal, PostgreSQL and Redis separately on /health', async () => {
    const res = await system.http.get('/health').expect(200);
    expect(res.body.checks.temporal.status).toBe('up');
    expect(res.body.checks.postgres.status).toBe('up');
    expect(res.body.checks.redis.status).toBe('up');
  });

  it('serves the OpenAPI document generated from the controllers', async () => {
    const res = await system.http.get('/docs/openapi.json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/cases', '/api/v1/cases/{id}', '/health']),
    );
  });

  it('lists seeded demo users covering every role, two banks and four districts', async () => {
    const res = await system.http.get('/api/v1/auth/dev-users').expect(200);
    const users = res.body as { role: string; organisationId: string }[];
    const roles = new Set(users.map((u) => u.role));
    for (const role of [
      'LOAN_OFFICER',
      'CREDIT_APPROVER',
      'EVALUATOR',
      'REGISTRATION_CLERK',
      'DISTRICT_REVIEWER',
      'DISTRICT_APPROVER',
      'INSURER',
      'FUND_MANAGER',
      'ADMINISTRATOR',
      'ENTERPRISE',
    ]) {
      expect(roles).toContain(role);
    }
    expect(
      new Set(
        users.filter((u) => u.organisationId.startsWith('BANK-')).map((u) => u.organisationId),
      ).size,
    ).toBeGreaterThanOrEqual(2);
    expect(
      new Set(
        users.filter((u) => u.organisationId.startsWith('DISTRICT-')).map((u) => u.organisationId),
      ).size,
    ).toBeGreaterThanOrEqual(2);
  });

  it('refuses an unauthenticated call and an unknown demo user', async () => {
    const anonymous = await system.http.get('/api/v1/cases').expect(401);
    expect(anonymous.body.code).toBe('UNAUTHENTICATED');
    const unknown = await system.http
      .post('/api/v1/auth/dev-login')
      .send({ username: 'nobody' })
      .expect(401);
    // The same answer as for a disabled user: the route tells no one which names exist.
    expect(unknown.body.code).toBe('LOGIN_FAILED');
  });

  it('opens a case, submits it through an Update, projects it to PostgreSQL with its outbox events, delivered to the bank’s inbox', async () => {
    const officer = await system.as('officer.shcb');
    const body = {
      bankReference: 'FOUND-0001',
      productCode: 'SHCB-IP-STD',
      enterprise: { uscc: DEMO_ENTERPRISES.pudongTech.uscc },
      amount: '500000.00',
      termMonths: 12,
      annualRate: '0.0345',
      repaymentMethod: 'EQUAL_INSTALMENT',
      assets: [{ type: 'PATENT', number: `ZL${DEMO_ASSETS[0]!.number}` }],
    };
    const created = await officer.post('/api/v1/cases', body).expect(201);
    expect(created.body.caseNumber).toBe('BANK-SHCB-FOUND-0001');
    expect(created.body.status).toBe('DRAFT');

    // The workflow id derives from the case number: a second start is refused.
    const again = await officer.post('/api/v1/cases', body).expect(409);
    expect(again.body.code).toBe('CASE_ALREADY_EXISTS');

    // A validator refuses a wrong role before anything enters the history.
    const approver = await system.as('approver.shcb');
    const wrongRole = await approver.post('/api/v1/cases/BANK-SHCB-FOUND-0001/submit').expect(403);
    expect(wrongRole.body.code).toBe('ROLE_FORBIDDEN');

    const submitted = await officer.post('/api/v1/cases/BANK-SHCB-FOUND-0001/submit').expect(200);
    expect(submitted.body.status).toBe('SUBMITTED');

    const read = await officer.get('/api/v1/cases/BANK-SHCB-FOUND-0001').expect(200);
    expect(read.body.status).toBe('SUBMITTED');
    expect(read.body.loan.amount).toBe('500000.00');

    const db = await system.db();
    try {
      const rows = await db.query(
        `SELECT status, amount::text FROM loan_case WHERE case_number = $1`,
        ['BANK-SHCB-FOUND-0001'],
      );
      expect(rows.rows).toEqual([{ status: 'SUBMITTED', amount: '500000.00' }]);
      const events = await db.query(
        `SELECT event FROM case_event WHERE case_number = $1 ORDER BY seq`,
        ['BANK-SHCB-FOUND-0001'],
      );
      expect(events.rows.map((r) => r.event)).toEqual(['OPEN', 'SUBMIT']);
    } finally {
      await db.end();
    }

    // Each timeline entry's CASE_STEP event went to the outbox with the projection, keyed by
    // (case, seq), and the worker's dispatcher put it in the bank's users' in-app inbox.
    await eventually(async () => {
      const client = await system.db();
      try {
        const outbox = await client.query(
          `SELECT event_key, recipient_org_ids, dispatched_at IS NOT NULL AS dispatched
             FROM outbox_event WHERE case_number = $1 ORDER BY id`,
          ['BANK-SHCB-FOUND-0001'],
        );
        expect(outbox.rows).toEqual([
          {
            event_key: 'CASE_STEP:BANK-SHCB-FOUND-0001:1',
            recipient_org_ids: ['BANK-SHCB'],
            dispatched: true,
          },
          {
            event_key: 'CASE_STEP:BANK-SHCB-FOUND-0001:2',
            recipient_org_ids: ['BANK-SHCB'],
            dispatched: true,
          },
        ]);
      } finally {
        await client.end();
      }
    });
    const inbox = await officer.get('/api/v1/notifications').expect(200);
    expect(
      inbox.body.items
        .filter((n: { caseNumber: string }) => n.caseNumber === 'BANK-SHCB-FOUND-0001')
        .map((n: { title: string }) => n.title),
    ).toEqual(['案件 BANK-SHCB-FOUND-0001：已提交', '案件 BANK-SHCB-FOUND-0001：草稿']);
  });

  it('sets the search attributes on the case workflow', async () => {
    const connection = await Connection.connect({ address: system.env.TEMPORAL_ADDRESS! });
    try {
      const client = new TemporalClient({ connection });
      const description = await client.workflow
        .getHandle('loan-case-BANK-SHCB-FOUND-0001')
        .describe();
      const attrs = description.searchAttributes as Record<string, unknown[]>;
      expect(attrs.CaseStatus).toEqual(['SUBMITTED']);
      expect(attrs.CaseBank).toEqual(['BANK-SHCB']);
      expect(attrs.CaseDistrict).toEqual(['310115']);
      expect(attrs.CaseAmountFen).toEqual([50000000]);
    } finally {
      await connection.close();
    }
  });
});
