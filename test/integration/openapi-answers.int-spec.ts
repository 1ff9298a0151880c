/**
 * The committed OpenAPI document against the real answers: every GET without a path parameter
 * (as a user of a role it admits, with its documented query example), a case's own reads and
 * steps as an officer and as its enterprise, and a refused step. A success body must match its
 * documented schema strictly (no member the schema does not name), a refusal must be problem
 * JSON whose code the operation lists under that status.
 */
import type request from 'supertest';
import { openCase, USERS } from '../support/case-flows';
import { exampleOf } from '../support/openapi-examples';
import { startTestSystem, type TestSystem } from '../support/test-system';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Where a value breaks a schema (the subset the document uses), strictly: unknown members too. */
function mismatches(document: Json, schema: Json, value: unknown, at = '$'): string[] {
  if (schema.$ref)
    return mismatches(
      document,
      document.components.schemas[schema.$ref.split('/').pop()],
      value,
      at,
    );
  if (Object.keys(schema).length === 0) return [];
  if (value === null && schema.nullable) return [];
  if (schema.allOf) return schema.allOf.flatMap((s: Json) => mismatches(document, s, value, at));
  if (schema.anyOf) {
    const each = schema.anyOf.map((s: Json) => mismatches(document, s, value, at));
    return each.some((m: string[]) => m.length === 0)
      ? []
      : [`${at}: no branch of anyOf matches (${each.map((m: string[]) => m[0]).join(' | ')})`];
  }
  if (value === null) return schema.enum?.includes(null) ? [] : [`${at}: null`];
  if (schema.enum && !schema.enum.includes(value))
    return [`${at}: ${JSON.stringify(value)} not in enum`];
  const type = schema.type as string | undefined;
  if (type === 'array') {
    if (!Array.isArray(value)) return [`${at}: not an array`];
    return value.flatMap((item, i) =>
      mismatches(document, schema.items ?? {}, item, `${at}[${i}]`),
    );
  }
  if (type === 'object' || schema.properties) {
    if (typeof value !== 'object' || Array.isArray(value)) return [`${at}: not an object`];
    const object = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Json>;
    const problems = ((schema.required ?? []) as string[])
      .filter((name) => !(name in object))
      .map((name) => `${at}.${name}: missing`);
    for (const [name, item] of Object.entries(object)) {
      if (item === undefined) continue;
      if (properties[name])
        problems.push(...mismatches(document, properties[name], item, `${at}.${name}`));
      else if (schema.additionalProperties && schema.additionalProperties !== true)
        problems.push(...mismatches(document, schema.additionalProperties, item, `${at}.${name}`));
      else if (!schema.additionalProperties && schema.properties)
        problems.push(`${at}.${name}: not documented`);
    }
    return problems;
  }
  if (type === 'string' && typeof value !== 'string') return [`${at}: not a string`];
  if ((type === 'number' || type === 'integer') && typeof value !== 'number')
    return [`${at}: not a number`];
  if (type === 'boolean' && typeof value !== 'boolean') return [`${at}: not a boolean`];
  return [];
}

describe('the OpenAPI document against the answers', () => {
  let system: TestSystem;
  let document: Json;
  let usersByRole: Map<string, string>;

  beforeAll(async () => {
    system = await startTestSystem();
    document = (await system.http.get('/docs/openapi.json').expect(200)).body;
    const users = (await system.http.get('/api/v1/auth/dev-users').expect(200)).body as Json[];
    usersByRole = new Map();
    for (const user of users)
      if (!usersByRole.has(user.role)) usersByRole.set(user.role, user.username);
  });

  afterAll(async () => {
    await system.close();
  });

  /** What is wrong with an answer of `method path` by the document. */
  function conformity(method: string, path: string, res: request.Response): string[] {
    const operation = document.paths[path]?.[method];
    if (!operation) return [`${method} ${path}: not documented`];
    const response = operation.responses[String(res.status)];
    const where = `${method.toUpperCase()} ${path} → ${res.status}`;
    if (!response)
      return [`${where}: status not documented (${JSON.stringify(res.body).slice(0, 200)})`];
    if (res.status >= 400) {
      const codes = (response['x-error-codes'] ?? []) as string[];
      return codes.includes(res.body?.code) ? [] : [`${where}: code ${res.body?.code} not listed`];
    }
    const schema = response.content?.['application/json']?.schema;
    if (!schema) return [];
    return mismatches(document, schema, res.body).map((m) => `${where} ${m}`);
  }

  it('answers every GET without a path parameter as documented', async () => {
    const problems: string[] = [];
    let checked = 0;
    for (const [path, item] of Object.entries<Json>(document.paths)) {
      const operation = item.get;
      if (!operation || path.includes('{') || path === '/health') continue;
      const role = (operation['x-roles'] as string[])[0];
      const agent = role ? await system.as(usersByRole.get(role)!) : null;
      const query = new URLSearchParams(
        ((operation.parameters ?? []) as Json[])
          .filter((p) => p.in === 'query' && p.required)
          .map((p): [string, string] => [
            p.name,
            String(p.example ?? p.schema?.example ?? p.schema?.enum?.[0]),
          ]),
      ).toString();
      const url = query ? `${path}?${query}` : path;
      const res = await (agent ? agent.get(url) : system.http.get(url));
      if (res.status !== 200)
        problems.push(
          `GET ${url} as ${role}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`,
        );
      problems.push(...conformity('get', path, res));
      checked++;
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(20);
  });

  it('computes every calculator from its documented example', async () => {
    const problems: string[] = [];
    const calculators = Object.keys(document.paths).filter((p) =>
      p.startsWith('/api/v1/calculators/'),
    );
    const agent = await system.as(USERS.officer);
    for (const path of calculators) {
      const schema = document.paths[path].post.requestBody.content['application/json'].schema;
      const res = await agent.post(path, exampleOf(document, schema) as object);
      if (res.status !== 200)
        problems.push(`POST ${path}: ${res.status} ${JSON.stringify(res.body)}`);
      problems.push(...conformity('post', path, res));
    }
    expect(problems).toEqual([]);
    expect(calculators.length).toBeGreaterThanOrEqual(3);
  });

  it("answers a case's reads and steps as documented, for its officer and its enterprise", async () => {
    const opened = await openCase(system);
    const id = opened.caseNumber;
    const officer = await system.as(USERS.officer);
    const enterprise = await system.as('enterprise.pujiang');
    const problems: string[] = [];
    const check = async (
      who: typeof officer,
      method: 'get' | 'post',
      path: string,
      body?: object,
    ) => {
      const url = path.replace('{id}', id);
      const res = await (method === 'get' ? who.get(url) : who.post(url, body));
      problems.push(...conformity(method, path, res));
      return res;
    };
    for (const who of [officer, enterprise])
      for (const path of [
        '/api/v1/cases/{id}',
        '/api/v1/cases/{id}/timeline',
        '/api/v1/cases/{id}/allowed-actions',
      ])
        expect((await check(who, 'get', path)).status).toBe(200);
    expect((await check(officer, 'get', '/api/v1/cases')).status).toBe(200);
    expect((await check(enterprise, 'get', '/api/v1/cases')).status).toBe(200);
    expect((await check(officer, 'post', '/api/v1/cases/{id}/submit')).status).toBe(200);
    expect((await check(officer, 'post', '/api/v1/cases/{id}/verify-ip')).status).toBe(200);
    // The right moment, the wrong role: the workflow refuses the enterprise.
    const forbidden = await check(enterprise, 'post', '/api/v1/cases/{id}/valuation-request', {
      firmOrgId: 'VAL-HUAYU',
    });
    expect([forbidden.status, forbidden.body.code]).toEqual([403, 'ROLE_FORBIDDEN']);
    // On to a registered pledge, each step's answer checked: the case view fills in as it goes.
    const on = (await officer.get('/api/v1/business-date')).body.businessDate as string;
    const assets = (opened.view.assets as { number: string }[]).map((a) => ({
      number: a.number,
      value: '5000000.00',
    }));
    const steps: [typeof officer, string, object][] = [
      [officer, '/api/v1/cases/{id}/valuation-request', { firmOrgId: 'VAL-HUAYU' }],
      [
        await system.as(USERS.evaluator),
        '/api/v1/cases/{id}/valuation-report',
        { reportNumber: `VR-${id}`, method: 'INCOME', baseDate: on, assets },
      ],
      [
        await system.as(USERS.approver),
        '/api/v1/cases/{id}/credit-approval',
        { riskSharing: { bankBp: 2000, insurerBp: 1600, fundBp: 5400, guarantorBp: 1000 } },
      ],
      [
        officer,
        '/api/v1/cases/{id}/contract',
        {
          loanContractNumber: `LC-${id}`,
          pledgeContractNumber: `PC-${id}`,
          signedOn: on,
          forfeitureClause: false,
        },
      ],
      [officer, '/api/v1/cases/{id}/registration', {}],
      [
        await system.as(USERS.clerk),
        '/api/v1/cases/{id}/registration/accept',
        { registrationNumber: `RG-${id}`, registeredOn: on },
      ],
    ];
    for (const [who, path, body] of steps)
      expect((await check(who, 'post', path, body)).status).toBe(200);
    expect((await check(officer, 'get', '/api/v1/cases/{id}')).body.status).toBe('REGISTERED');
    expect((await check(enterprise, 'get', '/api/v1/cases/{id}')).status).toBe(200);
    // Refusals: a step out of turn, a role the route does not admit, an unknown case.
    expect((await check(officer, 'post', '/api/v1/cases/{id}/submit')).status).toBe(409);
    expect(
      (await check(enterprise, 'post', '/api/v1/cases/{id}/contract', {})).status,
    ).toBeGreaterThanOrEqual(400);
    const unknown = await officer.get('/api/v1/cases/SHCB-2026-999999');
    problems.push(...conformity('get', '/api/v1/cases/{id}', unknown));
    expect(unknown.status).toBe(404);
    expect(problems).toEqual([]);
  });
});
