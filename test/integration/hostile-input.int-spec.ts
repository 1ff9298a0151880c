import { connect } from 'node:net';
import {
  caseBody,
  caseRequest,
  ensureEnterprise,
  type Json,
  registerAsset,
  USERS,
  withDb,
} from '../support/case-flows';
import { startTestSystem, type TestSystem } from '../support/test-system';

jest.setTimeout(180_000);

const CONSOLE_ORIGIN = 'https://console.ip-pledge.example';

/**
 * Hostile and malformed input at the real API: each refusal is a 4xx problem JSON with its own
 * code and a Chinese detail, stores nothing, and is audited; and every response carries the
 * security headers.
 */
describe('hostile input and transport headers', () => {
  let system: TestSystem;
  let token: string;
  let validCase: ReturnType<typeof caseBody>;

  beforeAll(async () => {
    process.env.CORS_ORIGINS = CONSOLE_ORIGIN;
    system = await startTestSystem();
    const login = await system.http
      .post('/api/v1/auth/dev-login')
      .send({ username: USERS.officer })
      .expect(200);
    token = login.body.accessToken as string;
    const request = caseRequest({
      assets: [{ type: 'PATENT', number: await registerAsset(system) }],
    });
    await ensureEnterprise(system, request.enterprise);
    validCase = caseBody(request);
  });

  afterAll(async () => {
    delete process.env.CORS_ORIGINS;
    await system.close();
  });

  const caseCount = () =>
    withDb(system, async (db) =>
      Number((await db.query('SELECT count(*) AS n FROM loan_case')).rows[0].n),
    );

  /** A raw POST to the case route: the body exactly as given, with the given Content-Type. */
  const rawPost = (body: string | Buffer, contentType: string) =>
    system.http
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', contentType)
      .send(body);

  async function expectRefused(
    response: { status: number; body: Record<string, unknown>; headers: Record<string, string> },
    status: number,
    code: string,
  ) {
    expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.detailZh).toMatch(/[\u4e00-\u9fff]/);
    const audited = await withDb(
      system,
      async (db) =>
        (
          await db.query(
            `SELECT actor_username FROM audit_log
              WHERE action = 'API_REQUEST' AND payload->>'path' = '/api/v1/cases'
                AND payload->'outcome'->>'code' = $1 AND (payload->'outcome'->>'status')::int = $2`,
            [code, status],
          )
        ).rows,
    );
    expect(audited.length).toBeGreaterThanOrEqual(1);
    expect(audited[0].actor_username).toBe(USERS.officer);
  }

  it('refuses a body over the limit with 413, unread and unstored', async () => {
    const before = await caseCount();
    const huge = JSON.stringify({ ...validCase, purpose: 'x'.repeat(2 * 1024 * 1024) });
    await expectRefused(await rawPost(huge, 'application/json'), 413, 'PAYLOAD_TOO_LARGE');
    expect(await caseCount()).toBe(before);
  });

  it('refuses JSON nested deeper than the bound with 400', async () => {
    const before = await caseCount();
    const deep = '{"a":'.repeat(200) + '1' + '}'.repeat(200);
    await expectRefused(
      await rawPost(
        JSON.stringify({ ...validCase, extra: 0 }).replace('"extra":0', `"extra":${deep}`),
        'application/json',
      ),
      400,
      'INPUT_TOO_DEEP',
    );
    expect(await caseCount()).toBe(before);
  });

  it('refuses NUL and other control characters in strings with 400', async () => {
    const before = await caseCount();
    for (const text of ['ACME\u0000', 'line\u001bescape', 'del\u007f']) {
      const response = await rawPost(
        JSON.stringify({ ...validCase, bankReference: text }),
        'application/json',
      );
      await expectRefused(response, 400, 'CONTROL_CHARACTER_IN_INPUT');
      expect(response.body.errors).toEqual([
        { field: 'body.bankReference', problems: [expect.stringContaining('control character')] },
      ]);
    }
    // The same characters in a query string.
    const query = await system.http
      .get('/api/v1/cases?enterprise=%00')
      .set('Authorization', `Bearer ${token}`);
    expect({ status: query.status, code: query.body.code }).toEqual({
      status: 400,
      code: 'CONTROL_CHARACTER_IN_INPUT',
    });
    expect(await caseCount()).toBe(before);
  });

  it('refuses unsupported media types and charsets with 415', async () => {
    const before = await caseCount();
    const json = JSON.stringify(validCase);
    for (const type of [
      'text/plain',
      'application/xml',
      'application/x-www-form-urlencoded',
      'application/json; charset=iso-8859-1',
    ])
      await expectRefused(await rawPost(json, type), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(await caseCount()).toBe(before);
  });

  it('answers malformed JSON with its own code and a Chinese detail', async () => {
    await expectRefused(
      await rawPost('{"amount": "1.00",', 'application/json'),
      400,
      'MALFORMED_JSON',
    );
  });

  it('refuses __proto__ and constructor keys like any unknown field', async () => {
    const before = await caseCount();
    for (const key of ['__proto__', 'constructor']) {
      const body = JSON.stringify(validCase).replace(/^\{/, `{"${key}":{"isAdmin":true},`);
      const response = await rawPost(body, 'application/json');
      await expectRefused(response, 400, 'VALIDATION_FAILED');
      expect(response.body.errors).toEqual([
        { field: `body.${key}`, problems: [`body.${key}: property ${key} should not exist`] },
      ]);
    }
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(await caseCount()).toBe(before);
  });

  it('refuses dates that do not exist, on bodies and query strings alike', async () => {
    const schedule = (startDate: string) =>
      system.http
        .post('/api/v1/calculators/schedule')
        .set('Authorization', `Bearer ${token}`)
        .send({
          principal: '100000.00',
          annualRate: '0.035',
          termMonths: 12,
          method: 'EQUAL_INSTALMENT',
          startDate,
        });
    for (const startDate of ['2026-02-30', '2026-04-31', '2100-02-29']) {
      const body = await schedule(startDate);
      expect([startDate, body.status, body.body.code]).toEqual([
        startDate,
        400,
        'VALIDATION_FAILED',
      ]);
    }
    expect((await schedule('2028-02-29')).status).toBe(200);
    for (const path of ['/api/v1/cases?from=2026-02-30', '/api/v1/cases?to=2025-02-29']) {
      const query = await system.http.get(path).set('Authorization', `Bearer ${token}`);
      expect([path, query.status, query.body.code]).toEqual([path, 400, 'VALIDATION_FAILED']);
    }
    const leapDay = await system.http
      .get('/api/v1/cases?from=2024-02-29')
      .set('Authorization', `Bearer ${token}`);
    expect(leapDay.status).toBe(200);
  });

  it('refuses a missing or malformed nested object with 400, not a 500', async () => {
    const before = await caseCount();
    const withoutEnterprise: Record<string, unknown> = { ...validCase };
    delete withoutEnterprise.enterprise;
    for (const [label, body] of [
      ['no enterprise', withoutEnterprise],
      ['enterprise null', { ...validCase, enterprise: null }],
      ['enterprise a string', { ...validCase, enterprise: 'ACME' }],
      ['enterprise an array', { ...validCase, enterprise: [] }],
      ['enterprise empty', { ...validCase, enterprise: {} }],
      ['an asset null', { ...validCase, assets: [null] }],
      ['assets an object', { ...validCase, assets: {} }],
    ] as const) {
      const response = await rawPost(JSON.stringify(body), 'application/json');
      expect([label, response.status, response.body.code]).toEqual([
        label,
        400,
        'VALIDATION_FAILED',
      ]);
    }
    expect(await caseCount()).toBe(before);
  });

  it('refuses unknown filter values instead of matching nothing', async () => {
    const cases = await system.http
      .get('/api/v1/cases?status=ACTIVE,NOPE')
      .set('Authorization', `Bearer ${token}`);
    expect({ status: cases.status, code: cases.body.code }).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    expect(JSON.stringify(cases.body.errors)).toContain('status');
    const known = await system.http
      .get('/api/v1/cases?status=ACTIVE,OVERDUE')
      .set('Authorization', `Bearer ${token}`);
    expect(known.status).toBe(200);
  });

  it('sends the security headers, no-store, and CORS only to configured origins', async () => {
    const response = await system.http
      .get('/api/v1/cases')
      .set('Authorization', `Bearer ${token}`)
      .set('Origin', CONSOLE_ORIGIN)
      .expect(200);
    expect(response.headers['x-powered-by']).toBeUndefined();
    expect(response.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
      'access-control-allow-origin': CONSOLE_ORIGIN,
    });
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    // Plain HTTP, no trusted proxy: no HSTS (browsers ignore it there, and it would be a lie).
    expect(response.headers['strict-transport-security']).toBeUndefined();

    const foreign = await system.http
      .get('/api/v1/cases')
      .set('Authorization', `Bearer ${token}`)
      .set('Origin', 'https://evil.example');
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();

    // A refusal carries the same headers.
    const refused = await rawPost('<xml/>', 'application/xml');
    expect(refused.headers['x-content-type-options']).toBe('nosniff');
    expect(refused.headers['cache-control']).toBe('no-store');
  });

  it('still takes a valid JSON body with an explicit UTF-8 charset', async () => {
    const created = await rawPost(JSON.stringify(validCase), 'application/json; charset=utf-8');
    expect(created.status).toBe(201);
  });

  // Found by the fuzzer (test/integration/fuzz.int-spec.ts).

  it('refuses a control character in a path parameter with 400, not a 500', async () => {
    const before = await caseCount();
    const path = '/api/v1/cases/%00/submit';
    const response = await system.http.post(path).set('Authorization', `Bearer ${token}`).send({});
    expect({ status: response.status, code: response.body.code }).toEqual({
      status: 400,
      code: 'CONTROL_CHARACTER_IN_INPUT',
    });
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.detailZh).toMatch(/[\u4e00-\u9fff]/);
    expect(response.body.errors).toEqual([{ field: 'path', problems: [expect.any(String)] }]);
    const audited = await withDb(
      system,
      async (db) =>
        (
          await db.query(
            `SELECT actor_username FROM audit_log
              WHERE action = 'API_REQUEST' AND payload->>'path' = $1
                AND payload->'outcome'->>'code' = 'CONTROL_CHARACTER_IN_INPUT'`,
            [path],
          )
        ).rows,
    );
    expect(audited).toEqual([{ actor_username: USERS.officer }]);
    expect(await caseCount()).toBe(before);
  });

  /** Sends bytes as they are to the listening API and returns every answer on the connection. */
  async function rawHttp(
    bytes: string,
  ): Promise<{ status: number; headers: string; body: Json }[]> {
    const server = system.api.getHttpServer();
    const { port } = server.address() as { port: number };
    const answer = await new Promise<string>((resolve, reject) => {
      // Written, not ended: a client's half-close would abort a request still being answered.
      const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
      socket.setTimeout(5_000, () => socket.end());
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString('utf8')));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    return answer
      .split(/(?=HTTP\/1\.1 \d{3} )/)
      .filter(Boolean)
      .map((part) => {
        const [head = '', body = ''] = part.split('\r\n\r\n');
        return { status: Number(head.split(' ')[1]), headers: head, body: JSON.parse(body) };
      });
  }

  it('answers a request the HTTP parser refuses with a problem document, storing nothing', async () => {
    const before = await caseCount();
    const json = JSON.stringify(validCase);
    // Framed both by Content-Length and by chunks (a request-smuggling shape).
    const [smuggled] = await rawHttp(
      `POST /api/v1/cases HTTP/1.1\r\nHost: api\r\nAuthorization: Bearer ${token}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(json)}\r\n` +
        `Transfer-Encoding: chunked\r\n\r\n${json}`,
    );
    expect(smuggled!.status).toBe(400);
    expect(smuggled!.headers).toMatch(/content-type: application\/problem\+json/i);
    expect(smuggled!.body).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
    expect(smuggled!.body.detailZh).toMatch(/[\u4e00-\u9fff]/);

    // Headers over Node's limit.
    const [oversized] = await rawHttp(
      `POST /api/v1/cases HTTP/1.1\r\nHost: api\r\nX-Padding: ${'a'.repeat(20_000)}\r\n` +
        `Authorization: Bearer ${token}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`,
    );
    expect(oversized!.status).toBe(431);
    expect(oversized!.body).toMatchObject({ status: 431, code: 'REQUEST_HEADERS_TOO_LARGE' });
    expect(oversized!.body.detailZh).toMatch(/[\u4e00-\u9fff]/);
    expect(await caseCount()).toBe(before);
  });

  it('refuses a missing or array value where a form nests an object with 400, not a 500', async () => {
    const admin = await system.as(USERS.admin);
    const enterprises = async () =>
      withDb(system, async (db) =>
        Number((await db.query('SELECT count(*) AS n FROM enterprise')).rows[0].n),
      );
    const before = await enterprises();
    const firm = {
      uscc: '91310115MA1K3YJ12X',
      legalName: '上海示例科技有限公司',
      districtCode: '310115',
      smeClass: 'NOT_SME',
    };
    for (const nested of [{}, { legalRepresentative: [], contact: [] }]) {
      const response = await admin.post('/api/v1/enterprises', { ...firm, ...nested });
      expect({ status: response.status, code: response.body.code }).toEqual({
        status: 400,
        code: 'VALIDATION_FAILED',
      });
      expect(response.body.detailZh).toMatch(/[\u4e00-\u9fff]/);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(
        expect.arrayContaining(['legalRepresentative', 'contact']),
      );
    }
    const audited = await withDb(
      system,
      async (db) =>
        (
          await db.query(
            `SELECT count(*) AS n FROM audit_log
              WHERE action = 'API_REQUEST' AND payload->>'path' = '/api/v1/enterprises'
                AND payload->'outcome'->>'code' = 'VALIDATION_FAILED' AND actor_username = $1`,
            [USERS.admin],
          )
        ).rows[0].n,
    );
    expect(Number(audited)).toBe(2);
    expect(await enterprises()).toBe(before);

    // The same for the credit approval's risk sharing, before any workflow is asked.
    const approver = await system.as(USERS.approver);
    const approval = await approver.post('/api/v1/cases/BANK-SHCB-NONE/credit-approval', {
      riskSharing: [],
    });
    expect({ status: approval.status, code: approval.body.code }).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
  });

  it('answers a request before broken bytes on its connection, then refuses the bytes', async () => {
    // A Content-Length shorter than the body: the rest reads as a second, broken request. The
    // first (a logout of a session of its own) is done and answered before the refusal.
    const login = await system.http
      .post('/api/v1/auth/dev-login')
      .send({ username: USERS.officer2 })
      .expect(200);
    const answers = await rawHttp(
      `POST /api/v1/auth/logout HTTP/1.1\r\nHost: api\r\n` +
        `Authorization: Bearer ${login.body.accessToken as string}\r\n` +
        `Content-Type: application/json\r\nContent-Length: 0\r\n\r\n{"a":1}`,
    );
    expect(answers.map((a) => [a.status, a.body.code])).toEqual([
      [200, undefined],
      [400, 'BAD_REQUEST'],
    ]);
    expect(answers[0]!.body).toEqual({ loggedOut: true });
    expect(answers[1]!.body.detailZh).toMatch(/[\u4e00-\u9fff]/);
  });
});
