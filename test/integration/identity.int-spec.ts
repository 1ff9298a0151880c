import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { USERS, withDb } from '../support/case-flows';
import { startTestSystem, type TestSystem } from '../support/test-system';

jest.setTimeout(180_000);

const ISSUER = 'https://idp.ip-pledge.example';
const AUDIENCE = 'ip-pledge-api';

/** An identity provider of the test's own: RSA and EC signing keys behind a JWKS endpoint. */
function identityProvider() {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = (key: KeyObject, kid: string, alg: string) => ({
    ...key.export({ format: 'jwk' }),
    kid,
    alg,
    use: 'sig',
  });
  let published = [jwk(rsa.publicKey, 'rsa-1', 'RS256'), jwk(ec.publicKey, 'ec-1', 'ES256')];
  const server: Server = createServer((req, res) => {
    if (req.url !== '/jwks') {
      res.writeHead(404).end();
      return;
    }
    res
      .writeHead(200, { 'Content-Type': 'application/json' })
      .end(JSON.stringify({ keys: published }));
  });
  return {
    server,
    rsa,
    ec,
    /** The provider rotates: a new RSA key under a new id replaces every old key. */
    rotate(kid: string): KeyObject {
      const next = generateKeyPairSync('rsa', { modulusLength: 2048 });
      published = [jwk(next.publicKey, kid, 'RS256')];
      return next.privateKey;
    },
    /** A provider token; `claims` override or (undefined) remove the standard ones. */
    sign(
      subject: string,
      claims: Record<string, unknown> = {},
      key: { alg: 'RS256' | 'ES256'; kid: string; privateKey?: KeyObject } = {
        alg: 'RS256',
        kid: 'rsa-1',
      },
    ) {
      const now = Math.floor(Date.now() / 1000);
      const payload = Object.fromEntries(
        Object.entries({
          sub: subject,
          iss: ISSUER,
          aud: AUDIENCE,
          jti: randomUUID(),
          iat: now,
          exp: now + 3600,
          ...claims,
        }).filter(([, value]) => value !== undefined),
      );
      const privateKey = key.privateKey ?? (key.alg === 'RS256' ? rsa.privateKey : ec.privateKey);
      return jwt.sign(payload, privateKey, { algorithm: key.alg, keyid: key.kid });
    },
  };
}

describe('identity: the directory decides, tokens are checked, sessions end at once', () => {
  let system: TestSystem;
  const idp = identityProvider();

  beforeAll(async () => {
    await new Promise<void>((resolve) => idp.server.listen(0, '127.0.0.1', resolve));
    const { port } = idp.server.address() as AddressInfo;
    system = await startTestSystem({
      worker: false,
      env: {
        OIDC_JWKS_URL: `http://127.0.0.1:${port}/jwks`,
        OIDC_ISSUER: ISSUER,
        OIDC_AUDIENCE: AUDIENCE,
        // The rotation test below must not wait for the refetch interval on real time.
        OIDC_JWKS_REFETCH_SECONDS: '0',
      },
    });
  });

  afterAll(async () => {
    await system.close();
    await new Promise((resolve) => idp.server.close(resolve));
  });

  const login = async (username: string) => {
    const res = await system.http.post('/api/v1/auth/dev-login').send({ username }).expect(200);
    return res.body.accessToken as string;
  };
  const me = (authorization: string) =>
    system.http.get('/api/v1/auth/me').set('Authorization', authorization);
  const sql = (text: string, params: unknown[]) =>
    withDb(system, async (db) => {
      await db.query(text, params);
    });
  const userId = (username: string) =>
    withDb(
      system,
      async (db) =>
        (await db.query('SELECT id FROM app_user WHERE username = $1', [username])).rows[0]
          .id as string,
    );
  /** A token signed with the API's own secret, with whatever claims the attacker chose. */
  const forged = (claims: Record<string, unknown>) =>
    jwt.sign({ iss: 'ip-pledge', ...claims }, system.env.JWT_SECRET!, {
      algorithm: 'HS256',
      noTimestamp: true,
    });
  const expectInvalid = async (authorization: string) => {
    const res = await me(authorization);
    expect({ status: res.status, code: res.body.code }).toEqual({
      status: 401,
      code: 'INVALID_TOKEN',
    });
    expect(res.body.detailZh).toMatch(/[\u4e00-\u9fff]/);
  };

  it('accepts the bearer scheme in any letter case, and answers with the directory user', async () => {
    const token = await login(USERS.officer);
    for (const scheme of ['Bearer', 'bearer', 'BEARER'])
      expect((await me(`${scheme} ${token}`).expect(200)).body).toMatchObject({
        username: USERS.officer,
        role: 'LOAN_OFFICER',
      });
    const missing = await me(`Basic ${token}`);
    expect({ status: missing.status, code: missing.body.code }).toEqual({
      status: 401,
      code: 'UNAUTHENTICATED',
    });
  });

  it('refuses a disabled user, and a changed role or organisation, at once (401)', async () => {
    const token = await login(USERS.officer2);
    const id = await userId(USERS.officer2);
    await me(`Bearer ${token}`).expect(200);

    await sql('UPDATE app_user SET active = false WHERE id = $1', [id]);
    await expectInvalid(`Bearer ${token}`);
    await sql('UPDATE app_user SET active = true WHERE id = $1', [id]);
    await me(`Bearer ${token}`).expect(200);

    await sql(`UPDATE app_user SET role = 'CREDIT_APPROVER' WHERE id = $1`, [id]);
    await expectInvalid(`Bearer ${token}`);
    await sql(`UPDATE app_user SET role = 'LOAN_OFFICER' WHERE id = $1`, [id]);
    await me(`Bearer ${token}`).expect(200);

    const { org } = jwt.decode(token) as { org: string };
    const other = await withDb(
      system,
      async (db) =>
        (
          await db.query(`SELECT id FROM organisation WHERE kind = 'BANK' AND id <> $1 LIMIT 1`, [
            org,
          ])
        ).rows[0].id as string,
    );
    await sql('UPDATE app_user SET organisation_id = $2 WHERE id = $1', [id, other]);
    await expectInvalid(`Bearer ${token}`);
    await sql('UPDATE app_user SET organisation_id = $2 WHERE id = $1', [id, org]);
    await me(`Bearer ${token}`).expect(200);
  });

  it('refuses tokens for unknown users, without exp, iat or jti, or living over 8 hours', async () => {
    const real = jwt.decode(await login(USERS.officer)) as Record<string, unknown>;
    const now = Math.floor(Date.now() / 1000);
    const base = { ...real, iat: now, exp: now + 3600, jti: randomUUID() };
    // A session the API never opened: a forged token, even with the right secret.
    await expectInvalid(`Bearer ${forged(base)}`);
    await expectInvalid(`Bearer ${forged({ ...base, sub: 'U-NOBODY' })}`);
    for (const claim of ['exp', 'iat', 'jti']) {
      const claims: Record<string, unknown> = { ...real };
      delete claims[claim];
      await expectInvalid(`Bearer ${forged(claims)}`);
    }
    await expectInvalid(`Bearer ${forged({ ...real, exp: (real.iat as number) + 8 * 3600 + 1 })}`);
    await expectInvalid(`Bearer ${forged({ ...real, exp: now - 10 })}`);
    await expectInvalid('Bearer not.a.token');
    // alg "none": no signature at all.
    const unsigned = [
      Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url'),
      Buffer.from(JSON.stringify(base)).toString('base64url'),
      '',
    ].join('.');
    await expectInvalid(`Bearer ${unsigned}`);
    // The right claims signed with another secret.
    await expectInvalid(
      `Bearer ${jwt.sign(base, 'another-secret-of-at-least-thirty-two-chars', { algorithm: 'HS256', noTimestamp: true })}`,
    );
    // The API's own tokens live at most 8 hours.
    const issued = jwt.decode(await login(USERS.officer)) as { iat: number; exp: number };
    expect(issued.exp - issued.iat).toBeLessThanOrEqual(8 * 3600);
  });

  it('ends a session on logout and every session on an administrator’s revocation', async () => {
    const first = await login(USERS.approver);
    const second = await login(USERS.approver);
    await system.http
      .post('/api/v1/auth/logout')
      .set('Authorization', `Bearer ${first}`)
      .expect(200);
    await expectInvalid(`Bearer ${first}`);
    await me(`Bearer ${second}`).expect(200);

    const id = await userId(USERS.approver);
    const notAdmin = await system.http
      .post(`/api/v1/admin/users/${id}/revoke-sessions`)
      .set('Authorization', `Bearer ${second}`);
    expect({ status: notAdmin.status, code: notAdmin.body.code }).toEqual({
      status: 403,
      code: 'ROLE_FORBIDDEN',
    });
    const admin = await login(USERS.admin);
    const revoked = await system.http
      .post(`/api/v1/admin/users/${id}/revoke-sessions`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(revoked.body.sessionsRevoked).toBeGreaterThanOrEqual(1);
    await expectInvalid(`Bearer ${second}`);
    await me(`Bearer ${await login(USERS.approver)}`).expect(200);
  });

  it('answers the dev login alike for unknown and disabled users (no enumeration)', async () => {
    const id = await userId(USERS.evaluator);
    await sql('UPDATE app_user SET active = false WHERE id = $1', [id]);
    const disabled = await system.http
      .post('/api/v1/auth/dev-login')
      .send({ username: USERS.evaluator });
    const unknown = await system.http
      .post('/api/v1/auth/dev-login')
      .send({ username: 'nobody.at.all' });
    await sql('UPDATE app_user SET active = true WHERE id = $1', [id]);
    expect(disabled.status).toBe(401);
    // Everything but the request's own path is the same.
    const disabledBody = { ...disabled.body, instance: undefined };
    const unknownBody = { ...unknown.body, instance: undefined };
    expect(unknownBody).toEqual(disabledBody);
    expect(disabledBody.code).toBe('LOGIN_FAILED');
  });

  it('accepts RS256 and ES256 tokens of the configured provider, mapped to a directory user', async () => {
    const id = await userId(USERS.clerk);
    await sql('UPDATE app_user SET external_subject = $2 WHERE id = $1', [id, 'idp|clerk-42']);
    const rs = await me(`Bearer ${idp.sign('idp|clerk-42')}`).expect(200);
    expect(rs.body).toMatchObject({ username: USERS.clerk, role: 'REGISTRATION_CLERK' });
    await me(`Bearer ${idp.sign('idp|clerk-42', {}, { alg: 'ES256', kid: 'ec-1' })}`).expect(200);

    // The provider's word on the role is not taken: the directory's is.
    const claimsRole = await me(
      `Bearer ${idp.sign('idp|clerk-42', { role: 'ADMINISTRATOR' })}`,
    ).expect(200);
    expect(claimsRole.body.role).toBe('REGISTRATION_CLERK');

    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
    for (const token of [
      idp.sign('idp|nobody'),
      idp.sign('idp|clerk-42', { aud: 'another-api' }),
      idp.sign('idp|clerk-42', { iss: 'https://evil.example' }),
      idp.sign('idp|clerk-42', { exp: undefined }),
      idp.sign('idp|clerk-42', { jti: undefined }),
      idp.sign('idp|clerk-42', { exp: Math.floor(Date.now() / 1000) + 9 * 3600 }),
      idp.sign('idp|clerk-42', {}, { alg: 'RS256', kid: 'rsa-unknown' }),
      idp.sign('idp|clerk-42', {}, { alg: 'RS256', kid: 'rsa-1', privateKey: stranger.privateKey }),
    ])
      await expectInvalid(`Bearer ${token}`);

    // The provider rotates its keys: tokens of the new key are accepted, those of the old are not.
    const rotated = idp.rotate('rsa-2');
    await me(
      `Bearer ${idp.sign('idp|clerk-42', {}, { alg: 'RS256', kid: 'rsa-2', privateKey: rotated })}`,
    ).expect(200);
    await expectInvalid(`Bearer ${idp.sign('idp|clerk-42', {}, { alg: 'RS256', kid: 'rsa-1' })}`);
    const fresh = (claims: Record<string, unknown>) =>
      idp.sign('idp|clerk-42', claims, { alg: 'RS256', kid: 'rsa-2', privateKey: rotated });

    // Revocation reaches the provider's tokens too, seen or not.
    const seen = fresh({ iat: Math.floor(Date.now() / 1000) - 5 });
    await me(`Bearer ${seen}`).expect(200);
    const unseen = fresh({ iat: Math.floor(Date.now() / 1000) - 5 });
    const admin = await login(USERS.admin);
    await system.http
      .post(`/api/v1/admin/users/${id}/revoke-sessions`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    await expectInvalid(`Bearer ${seen}`);
    await expectInvalid(`Bearer ${unseen}`);
  });
});

describe('rate limits shared through Redis', () => {
  let system: TestSystem;
  let second: Awaited<ReturnType<typeof createApiApp>>;

  beforeAll(async () => {
    system = await startTestSystem({
      worker: false,
      env: {
        RATE_LIMIT_LOGIN_PER_MINUTE: '3',
        RATE_LIMIT_WRITES_PER_MINUTE: '5',
        // The clients below name their address in X-Forwarded-For, as through a proxy.
        TRUST_PROXY: 'loopback',
      },
    });
    // A second API process on the same Redis: the limits are counted together.
    second = await createApiApp({ logs: false });
    await second.init();
  });

  afterAll(async () => {
    await second.close();
    await system.close();
  });

  const signIn = (api: 'first' | 'second', username: string, address: string) =>
    request((api === 'first' ? system.api : second).getHttpServer())
      .post('/api/v1/auth/dev-login')
      .set('X-Forwarded-For', address)
      .send({ username });

  function expectLimited(res: request.Response) {
    expect({ status: res.status, code: res.body.code }).toEqual({
      status: 429,
      code: 'RATE_LIMITED',
    });
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(res.body.detailZh).toMatch(/[\u4e00-\u9fff]/);
  }

  it('limits sign-ins per user name, across addresses and API processes', async () => {
    expect((await signIn('first', USERS.officer, '10.0.0.1')).status).toBe(200);
    expect((await signIn('second', USERS.officer, '10.0.0.2')).status).toBe(200);
    expect((await signIn('first', USERS.officer, '10.0.0.3')).status).toBe(200);
    expectLimited(await signIn('second', USERS.officer, '10.0.0.4'));
  });

  it('limits sign-ins per client address, whatever the user name', async () => {
    for (const username of [USERS.approver, USERS.clerk, 'nobody.at.all'])
      expect((await signIn('first', username, '10.0.1.1')).status).not.toBe(429);
    expectLimited(await signIn('second', USERS.admin, '10.0.1.1'));
    expect((await signIn('first', USERS.admin, '10.0.1.2')).status).toBe(200);
  });

  it('limits writes per user; another user is not held back', async () => {
    const token = async (username: string) =>
      (await signIn('first', username, `10.0.2.${username.length}`)).body.accessToken as string;
    const evaluator = await token(USERS.evaluator);
    const admin = await token(USERS.admin);
    const write = (api: 'first' | 'second', bearer: string) =>
      request((api === 'first' ? system.api : second).getHttpServer())
        .post('/api/v1/calculators/schedule')
        .set('Authorization', `Bearer ${bearer}`)
        .send({
          principal: '100000.00',
          annualRate: '0.035',
          termMonths: 12,
          method: 'EQUAL_INSTALMENT',
          startDate: '2026-01-15',
        });
    for (let i = 0; i < 5; i++)
      expect((await write(i % 2 === 0 ? 'first' : 'second', evaluator)).status).toBe(200);
    expectLimited(await write('first', evaluator));
    expect((await write('second', admin)).status).toBe(200);
    // Reads are not writes.
    await request(system.api.getHttpServer())
      .get('/api/v1/auth/me')
      .set('Authorization', `Bearer ${evaluator}`)
      .expect(200);
  });
});
