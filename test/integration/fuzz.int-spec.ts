import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import type { Client as TemporalClient } from '@temporalio/client';
import fc from 'fast-check';
import type { Client as PgClient } from 'pg';
import { Agent } from 'node:http';
import { connect } from 'node:net';
import request from 'supertest';
import { REQUIRED_ROLES } from '../../libs/auth/src/auth.decorators';
import { TEMPORAL_CLIENT } from '../../libs/common/src/temporal.module';
import {
  openActiveCase,
  openCase,
  PLEDGOR,
  registerAsset,
  USERS,
  type Json,
} from '../support/case-flows';
import { startTestSystem, type TestSystem } from '../support/test-system';

jest.setTimeout(600_000);

/**
 * A property-based fuzzer at every write route of the running API. The routes come from the
 * application itself (Nest's controllers and the OpenAPI document it serves), so a new route is
 * fuzzed without touching this file. Each generated request — a DTO-shaped body with hostile
 * fields, a hostile query string, hostile headers, real and hostile path parameters, sent as a
 * user whose role may call the route or as another — must be answered below 500; a refused one
 * (4xx) must be a problem document with a stable code and a Chinese detail, and must leave every
 * business table and the Temporal workflow list of this system as they were.
 *
 * Reproduce a run with `FUZZ_SEED=<seed> FUZZ_RUNS=<runs>`; both are printed.
 */

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2_147_483_647;
const RUNS = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : 5_000;

/**
 * Tables left out of the "nothing written" check: the append-only logs whose very purpose is to
 * record every request, refusals included, and the worker's own bookkeeping on its own clock.
 * - audit_log: the API_REQUEST row of each request, with the refusal's code (required).
 * - notification_delivery: the attempts of each delivery, retried with backoff long after the
 *   accepted request whose event caused them (a fuzzed webhook endpoint fails for minutes); the
 *   events themselves stay checked in outbox_event.
 */
const LOGGING_TABLES = ['audit_log', 'notification_delivery'];

/** Roles for routes whose role check happens in the workflow, not in a @Roles guard. */
const ACTOR_BY_SUFFIX: [RegExp, string][] = [
  [/\/valuation-report$/, USERS.evaluator],
  [/\/(credit-approval|reject|owner|default\/(confirm|reject))$/, USERS.approver],
  [/\/(registration\/(accept|refuse)|release\/register)$/, USERS.clerk],
];

const ALL_USERS = [
  'officer.shcb',
  'officer2.shcb',
  'approver.shcb',
  'officer.pdib',
  'approver.pdib',
  'evaluator.huayu',
  'clerk.reg',
  'reviewer.pudong',
  'approver.pudong',
  'reviewer.xuhui',
  'insurer.anxin',
  'fund.manager',
  'fund.manager2',
  'admin.ipo',
  'operator.shipx',
  'enterprise.pujiang',
];

interface Route {
  method: 'post' | 'put' | 'patch' | 'delete';
  /** Express pattern: `/api/v1/cases/:id/submit`. */
  path: string;
  operationId: string;
  roles: string[] | null;
  bodySchema: Schema | null;
  queryParams: string[];
  /** The codes its OpenAPI operation lists (`x-error-codes`). */
  errorCodes: string[];
}

interface Schema {
  type?: string;
  format?: string;
  pattern?: string;
  enum?: unknown[];
  example?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  $ref?: string;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
}

/** One generated request, printed as the counterexample when the property fails. */
interface FuzzRequest {
  route: string;
  method: Route['method'];
  path: string;
  user: string | null;
  authorization: 'good' | 'lowercase' | 'duplicate' | 'junk' | 'none' | 'basic';
  contentType: string | null;
  body: string | null;
  query: string;
  extraHeaders: Record<string, string>;
  /**
   * Bytes by which the declared Content-Length falls short of the body (0: the true length).
   * Sent over a raw socket, as an HTTP client library will not send a lie; the rest of the body
   * then reads as a second, broken request on the same connection, which must be refused too.
   */
  lengthLie: number;
}

/** What Temporal holds for this system: the workflow count and the watched histories' lengths. */
interface TemporalState {
  workflows: number;
  /** History length of each workflow running when the fuzzing began (an admitted Update adds events). */
  histories: Record<string, number>;
}

/** One request sent, with when, for attributing a change Temporal shows later. */
interface Sent {
  request: FuzzRequest;
  status: number;
  from: Date;
  /** When the request was answered, or, for an accepted one, when what it set off had settled. */
  to: Date;
}

/** How many requests between two checks of Temporal (each check costs a few round trips). */
const TEMPORAL_CHECK_EVERY = 50;

describe('fuzzer: hostile requests at every write route', () => {
  let system: TestSystem;
  let base: string;
  let db: PgClient;
  let temporal: TemporalClient;
  let routes: Route[];
  let components: Record<string, Schema>;
  let snapshotSql: string;
  const tokens = new Map<string, string>();
  const pathValues: Record<string, string[]> = {};
  const running: string[] = [];
  /** Workflows whose start has been attributed (or that ran before the fuzzing). */
  const seenWorkflows = new Set<string>();

  beforeAll(async () => {
    system = await startTestSystem();
    base = system.baseUrl;
    db = await system.db();
    temporal = system.api.get<TemporalClient>(TEMPORAL_CLIENT);

    // Real subjects for the path parameters: an active loan, a draft case, an asset, the pledgor.
    const active = await openActiveCase(system);
    const draft = await openCase(system);
    const asset = await registerAsset(system);
    const claims = (
      await db.query<{ id: string }>(
        'SELECT id FROM subsidy_claim UNION ALL SELECT claim_id FROM compensation_claim LIMIT 4',
      )
    ).rows.map((r) => r.id);
    const topUps = (await db.query<{ id: string }>('SELECT id::text FROM top_up LIMIT 2')).rows.map(
      (r) => r.id,
    );
    const real = {
      case: [active.caseNumber, draft.caseNumber],
      claim: claims,
      topUp: topUps,
    };
    pathValues.id = [...real.case, ...real.claim, ...(real.topUp.length ? real.topUp : ['1'])];
    pathValues.caseNumber = real.case;
    pathValues.claimId = real.claim.length ? real.claim : ['00000000-0000-4000-8000-000000000000'];
    pathValues.uscc = [PLEDGOR.uscc];
    pathValues.number = [asset];
    pathValues.code = ['FUND-SH-SME-IP'];
    pathValues.year = ['2027'];
    pathValues.effectiveFrom = ['2027-01-20'];
    pathValues.userId = ['officer2.shcb'];

    ({ routes, components } = await writeRoutes());

    const tables = (
      await db.query<{ name: string }>(
        `SELECT table_name AS name FROM information_schema.tables
          WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
      )
    ).rows
      .map((r) => r.name)
      .filter((name) => !LOGGING_TABLES.includes(name));
    // jsonb_build_object takes at most 100 arguments (50 tables): one object per chunk, merged.
    const chunks: string[][] = [];
    for (let i = 0; i < tables.length; i += 40) chunks.push(tables.slice(i, i + 40));
    snapshotSql = `SELECT ${chunks
      .map(
        (chunk) =>
          `jsonb_build_object(${chunk
            .map(
              (t) =>
                `'${t}', (SELECT count(*) || ':' || coalesce(sum(hashtext(x::text)::bigint), 0) FROM "${t}" x)`,
            )
            .join(', ')})`,
      )
      .join(' || ')} AS s`;
    for (const user of ALL_USERS) await token(user);
    await settle();
    for await (const wf of temporal.workflow.list({
      query: `TaskQueue = "${system.taskQueue}" AND ExecutionStatus = "Running"`,
    }))
      running.push(wf.workflowId);
    for await (const wf of temporal.workflow.list({ query: `TaskQueue = "${system.taskQueue}"` }))
      seenWorkflows.add(wf.workflowId);
    await settle();
  });

  afterAll(async () => {
    keepAlive.destroy();
    await db?.end();
    await system?.close();
  });

  async function token(username: string): Promise<string> {
    let t = tokens.get(username);
    if (!t) {
      const res = await request(base).post('/api/v1/auth/dev-login').send({ username });
      if (res.status !== 200) throw new Error(`dev-login ${username}: ${res.status}`);
      t = res.body.accessToken as string;
      tokens.set(username, t);
    }
    return t;
  }

  /** Every POST/PUT/PATCH/DELETE route of the running app, joined with its OpenAPI operation. */
  async function writeRoutes(): Promise<{ routes: Route[]; components: Record<string, Schema> }> {
    const doc = (await request(base).get('/docs/openapi.json').expect(200)).body as Json;
    const byOperation = new Map<string, { path: string; method: string; op: Json }>();
    for (const [path, item] of Object.entries<Json>(doc.paths))
      for (const [method, op] of Object.entries<Json>(item))
        if (op?.operationId) byOperation.set(op.operationId, { path, method, op });
    const found: Route[] = [];
    const undocumented: string[] = [];
    // Nest's RequestMethod: POST 1, PUT 2, DELETE 3, PATCH 4.
    const methods: Record<number, Route['method']> = {
      1: 'post',
      2: 'put',
      3: 'delete',
      4: 'patch',
    };
    for (const module of system.api.get(ModulesContainer).values()) {
      for (const wrapper of module.controllers.values()) {
        const controller = wrapper.metatype as { name: string; prototype: object } | null;
        if (!controller) continue;
        const prefix = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
        const proto = controller.prototype as Record<string, unknown>;
        for (const name of Object.getOwnPropertyNames(proto)) {
          const handler = proto[name];
          if (name === 'constructor' || typeof handler !== 'function') continue;
          const requestMethod = Reflect.getMetadata(METHOD_METADATA, handler) as number | undefined;
          const method = requestMethod === undefined ? undefined : methods[requestMethod];
          if (!method) continue;
          const own = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
          const path = `/${[prefix, own].filter((p) => p && p !== '/').join('/')}`.replace(
            /\/+/g,
            '/',
          );
          const operationId = `${controller.name}_${name}`;
          const documented = byOperation.get(operationId);
          const body = documented?.op.requestBody?.content as Record<string, Json> | undefined;
          if (!documented) undocumented.push(`${method.toUpperCase()} ${path}`);
          found.push({
            method,
            path,
            operationId,
            roles:
              (Reflect.getMetadata(REQUIRED_ROLES, handler) as string[] | undefined) ??
              (Reflect.getMetadata(REQUIRED_ROLES, controller) as string[] | undefined) ??
              null,
            bodySchema: (body?.['application/json']?.schema as Schema | undefined) ?? null,
            queryParams: ((documented?.op.parameters ?? []) as Json[])
              .filter((p) => p.in === 'query')
              .map((p) => p.name as string),
            errorCodes: (documented?.op['x-error-codes'] as string[] | undefined) ?? [],
          });
        }
      }
    }
    // Fuzzed all the same, with generic bodies; named so that the gap shows.
    if (undocumented.length)
      console.log(`fuzz: routes missing from the OpenAPI document: ${undocumented.join(', ')}`);
    return { routes: found, components: doc.components?.schemas ?? {} };
  }

  // --- effects --------------------------------------------------------------------------------

  /** Row count and content checksum of every business table, one prepared query. */
  async function tableState(): Promise<Record<string, string>> {
    // Prepared once: planning sixty subqueries costs more than running them.
    const result = await db.query<{ s: Record<string, string> }>({
      name: 'fuzz-snapshot',
      text: snapshotSql,
    });
    return result.rows[0]!.s;
  }

  /** The workflows of this system's task queue, and the history length of those watched. */
  async function temporalState(): Promise<TemporalState> {
    const [count, histories] = await Promise.all([
      temporal.workflow.count(`TaskQueue = "${system.taskQueue}"`),
      Promise.all(
        running.map(async (id) => (await temporal.workflow.getHandle(id).describe()).historyLength),
      ),
    ]);
    return {
      workflows: count.count,
      histories: Object.fromEntries(running.map((id, i) => [id, histories[i]!])),
    };
  }

  function tableChanges(before: Record<string, string>, after: Record<string, string>): string[] {
    return Object.keys(after)
      .filter((t) => before[t] !== after[t])
      .map((t) => `${t} ${before[t]} -> ${after[t]}`);
  }

  function temporalChanges(before: TemporalState, after: TemporalState): string[] {
    const changed: string[] = [];
    if (before.workflows !== after.workflows)
      changed.push(`workflows ${before.workflows} -> ${after.workflows}`);
    for (const id of running)
      if (before.histories[id] !== after.histories[id])
        changed.push(`history of ${id} ${before.histories[id]} -> ${after.histories[id]}`);
    return changed;
  }

  /**
   * When Temporal changed between two checks: the moment of each change — the start time of each
   * workflow started since `since`, the event time of each event added to a watched history.
   * Visibility may list a start a moment late, so a change is attributed by these times, not by
   * when it was seen.
   */
  async function temporalChangeTimes(
    since: Date,
    before: TemporalState,
    after: TemporalState,
  ): Promise<{ what: string; at: Date }[]> {
    const times: { what: string; at: Date }[] = [];
    // A little before `since`: a start that visibility listed late at the last check.
    for await (const wf of temporal.workflow.list({
      query: `TaskQueue = "${system.taskQueue}" AND StartTime >= "${new Date(since.getTime() - 10_000).toISOString()}"`,
    })) {
      if (seenWorkflows.has(wf.workflowId)) continue;
      seenWorkflows.add(wf.workflowId);
      times.push({ what: `started ${wf.workflowId}`, at: wf.startTime });
    }
    for (const id of running) {
      if (before.histories[id] === after.histories[id]) continue;
      const history = await temporal.workflow.getHandle(id).fetchHistory();
      for (const event of (history.events ?? []).slice(before.histories[id])) {
        const seconds = Number(event.eventTime?.seconds ?? 0);
        const at = new Date(seconds * 1000 + Math.floor((event.eventTime?.nanos ?? 0) / 1e6));
        times.push({ what: `event ${event.eventId} (type ${event.eventType}) in ${id}`, at });
      }
    }
    return times;
  }

  /** Waits until the system stops changing on its own (after a request that was accepted). */
  async function settle(): Promise<{ tables: Record<string, string>; temporal: TemporalState }> {
    let last = { tables: await tableState(), temporal: await temporalState() };
    for (let stable = 0; stable < 1; ) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      const next = { tables: await tableState(), temporal: await temporalState() };
      const changed = [
        ...tableChanges(last.tables, next.tables),
        ...temporalChanges(last.temporal, next.temporal),
      ];
      stable = changed.length === 0 ? stable + 1 : 0;
      last = next;
    }
    return last;
  }

  // --- generators -----------------------------------------------------------------------------

  const CONTROL = ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u009b'];
  const INVISIBLE = ['\u202e', '\ufeff', '\u200b', '\u2028', '\ud800', '\udfff'];
  const MONEY = [
    '-0.00',
    '0.00',
    '1e5',
    '0.001',
    '99999999999999999.99',
    '9999999999999999.99',
    ' 1.00',
    '1.00 ',
    '1,000.00',
    '+1.00',
    '-1.00',
    '0x10',
    'NaN',
    'Infinity',
    '1.',
    '.5',
    '１００.００',
    '100000.00',
  ];
  const DATES = [
    '2026-02-30',
    '0000-01-01',
    '2026-13-01',
    '+20260-01-01',
    '2026-1-1',
    '2026-01-01T00:00:00Z',
    '9999-12-31',
    '2100-02-29',
    '2024-02-29',
    '1970-01-01',
    '２０２６-０１-０１',
    '2026-06-01',
  ];
  const hostileString = fc.oneof(
    fc.constantFrom(...CONTROL, ...INVISIBLE).map((c) => `ACME${c}LTD`),
    fc.constantFrom(...MONEY, ...DATES),
    fc.constantFrom('', ' ', '__proto__', 'constructor', "'; DROP TABLE loan_case; --", '%00'),
    fc.constantFrom('<script>alert(1)</script>', '${jndi:ldap://x}', '../../etc/passwd', '汉字'),
    fc.nat({ max: 70_000 }).map((n) => 'x'.repeat(n)),
    fc.string({ unit: 'binary', maxLength: 40 }),
  );
  const hostileNumber = fc.oneof(
    fc.constantFrom(0, -0, -1, 1e308, -1e308, 2 ** 53, 2 ** 53 + 2, 0.1, 1e-7, 4294967296),
    fc.double(),
    fc.integer(),
  );
  const deep = (depth: number, leaf: unknown): unknown => {
    let value: unknown = leaf;
    for (let i = 0; i < depth; i += 1) value = i % 2 ? [value] : { a: value };
    return value;
  };
  const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
    hostileString,
    hostileNumber,
    fc.constantFrom(null, true, false, [], {}, [null], { '': '' }),
    fc.nat({ max: 24 }).map((d) => deep(d, 'x')),
    fc.array(hostileString, { maxLength: 3 }),
    fc.jsonValue({ maxDepth: 3 }),
  );

  function resolve(schema: Schema | undefined): Schema {
    let s = schema ?? {};
    for (let i = 0; s.$ref && i < 10; i += 1) s = components[s.$ref.split('/').pop()!] ?? {};
    const combined = s.allOf ?? s.oneOf ?? s.anyOf;
    if (combined?.length) return resolve(combined[0]);
    return s;
  }

  /** A plausible value for a schema: what a well-behaved client would send. */
  function plausible(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
    const s = resolve(schema);
    if (s.enum?.length) return fc.constantFrom(...s.enum);
    if (s.example !== undefined) return fc.constant(s.example);
    switch (s.type) {
      case 'object':
        return depth > 4 ? fc.constant({}) : dtoBody(s, depth + 1);
      case 'array':
        return fc.array(plausible(s.items, depth + 1), { minLength: 1, maxLength: 2 });
      case 'integer':
        return fc.integer({ min: s.minimum ?? 0, max: Math.min(s.maximum ?? 120, 1000) });
      case 'number':
        return fc.integer({ min: 0, max: 1000 });
      case 'boolean':
        return fc.boolean();
      default:
        if (s.format === 'date' || /date/i.test(s.pattern ?? '')) return fc.constantFrom(...DATES);
        return fc.constantFrom('100000.00', '0.035', '2026-06-01', 'ACME', PLEDGOR.uscc, 'X-1');
    }
  }

  /** A DTO-shaped object: every property plausible or hostile, some left out, some added. */
  function dtoBody(schema: Schema, depth = 0): fc.Arbitrary<Record<string, unknown>> {
    const entries = Object.entries(schema.properties ?? {});
    const fields = entries.map(([key, prop]) =>
      fc
        .tuple(
          fc.constant(key),
          fc.oneof(
            { weight: 3, arbitrary: plausible(prop, depth) },
            { weight: 2, arbitrary: hostileValue },
            { weight: 1, arbitrary: fc.constant(undefined) },
          ),
        )
        .map(([k, v]) => [k, v] as const),
    );
    const extras = fc.array(
      fc.tuple(
        fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'isAdmin'), fc.string()),
        hostileValue,
      ),
      { maxLength: 2 },
    );
    return fc.tuple(fc.tuple(...fields), fc.oneof(fc.constant([]), extras)).map(([own, more]) => {
      const body: Record<string, unknown> = {};
      for (const [k, v] of [...own, ...more])
        if (v !== undefined)
          Object.defineProperty(body, k, {
            value: v,
            enumerable: true,
            configurable: true,
            writable: true,
          });
      return body;
    });
  }

  const rawBody = (route: Route): fc.Arbitrary<string | null> => {
    const shaped = route.bodySchema
      ? dtoBody(resolve(route.bodySchema)).map((b) => JSON.stringify(b))
      : fc.constant('{}');
    return fc.oneof(
      { weight: 8, arbitrary: shaped },
      { weight: 1, arbitrary: hostileValue.map((v) => JSON.stringify(v) ?? 'null') },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          null,
          '',
          '{',
          '{"a":1,"a":2}',
          '{"__proto__":{"isAdmin":true}}',
          '{"constructor":{"prototype":{"x":1}}}',
          '\ufeff{}',
          '['.repeat(5000) + ']'.repeat(5000),
          '{"a":"\\u0000"}',
          '{"a":"\\ud800"}',
          JSON.stringify({ a: 'x'.repeat(1_100_000) }),
          'a=1&b=2',
          '<xml/>',
        ),
      },
    );
  };

  /** Percent-encoding that also takes a lone surrogate (as its WTF-8 bytes). */
  const encodeLoosely = (value: string): string =>
    [...value]
      .map((c) => {
        try {
          return encodeURIComponent(c);
        } catch {
          const code = c.charCodeAt(0);
          return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
            .map((b) => `%${b.toString(16).toUpperCase()}`)
            .join('');
        }
      })
      .join('');

  const queryString = fc.oneof(
    { weight: 4, arbitrary: fc.constant('') },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '?a=1&a=2',
        '?a[b][c][d]=1',
        '?a[]=1&a[]=2',
        `?${'a['.repeat(30)}=1`,
        '?x=%00',
        '?x=%E2%80%AE',
        '?x=%ZZ',
        '?__proto__[isAdmin]=1',
        '?constructor[prototype][x]=1',
        `?q=${'x'.repeat(20_000)}`,
        '?status=ACTIVE,NOPE',
        '?from=2026-02-30',
      ),
    },
  );

  const contentTypes = fc.oneof(
    { weight: 6, arbitrary: fc.constant('application/json') },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        'application/json; charset=utf-8',
        'APPLICATION/JSON',
        'application/json; charset=iso-8859-1',
        'application/json; charset=utf-16',
        'application/json; charset="UTF-8"',
        'text/plain',
        'text/csv',
        'application/xml',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/problem+json',
        '',
        ';;;',
        'application/json; charset',
      ),
    },
    { weight: 1, arbitrary: fc.constant(null) },
  );

  function fillPath(route: Route): fc.Arbitrary<string> {
    const params = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
    const hostileParam = fc.constantFrom(
      '%00',
      '%E0%A4%A',
      '..%2F..%2Fadmin',
      '__proto__',
      'constructor',
      '%E2%80%AE',
      '-1',
      '99999999999999999999',
      'x'.repeat(3000),
      '00000000-0000-0000-0000-000000000000',
      '%20',
      '%EF%BB%BF',
    );
    return fc
      .tuple(
        ...params.map((p) =>
          fc.oneof(
            { weight: 4, arbitrary: fc.constantFrom(...(pathValues[p] ?? ['1'])) },
            {
              weight: 1,
              arbitrary: fc.constantFrom(...(pathValues[p] ?? ['1'])).map(encodeURIComponent),
            },
            { weight: 2, arbitrary: hostileParam },
          ),
        ),
      )
      .map((values) => {
        let path = route.path;
        params.forEach((p, i) => {
          const v = values[i]!;
          path = path.replace(`:${p}`, /%|\.\./.test(v) ? v : encodeURIComponent(v));
        });
        return path;
      });
  }

  function actors(route: Route): fc.Arbitrary<string | null> {
    const hinted = ACTOR_BY_SUFFIX.find(([pattern]) => pattern.test(route.path))?.[1];
    const permitted = route.roles
      ? Object.entries(ROLE_OF)
          .filter(([, r]) => route.roles!.includes(r))
          .map(([u]) => u)
      : [hinted ?? USERS.officer];
    return fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...(permitted.length ? permitted : ALL_USERS)) },
      { weight: 2, arbitrary: fc.constantFrom(...ALL_USERS) },
      { weight: 1, arbitrary: fc.constant(null) },
    );
  }

  const ROLE_OF: Record<string, string> = {
    'officer.shcb': 'LOAN_OFFICER',
    'officer2.shcb': 'LOAN_OFFICER',
    'approver.shcb': 'CREDIT_APPROVER',
    'officer.pdib': 'LOAN_OFFICER',
    'approver.pdib': 'CREDIT_APPROVER',
    'evaluator.huayu': 'EVALUATOR',
    'clerk.reg': 'REGISTRATION_CLERK',
    'reviewer.pudong': 'DISTRICT_REVIEWER',
    'approver.pudong': 'DISTRICT_APPROVER',
    'reviewer.xuhui': 'DISTRICT_REVIEWER',
    'insurer.anxin': 'INSURER',
    'fund.manager': 'FUND_MANAGER',
    'fund.manager2': 'FUND_MANAGER',
    'admin.ipo': 'ADMINISTRATOR',
    'operator.shipx': 'EXCHANGE_OPERATOR',
    'enterprise.pujiang': 'ENTERPRISE',
  };

  function fuzzRequest(route: Route): fc.Arbitrary<FuzzRequest> {
    return fc.record({
      route: fc.constant(`${route.method.toUpperCase()} ${route.path}`),
      method: fc.constant(route.method),
      path: fillPath(route),
      user: actors(route),
      authorization: fc.oneof(
        { weight: 12, arbitrary: fc.constant('good' as const) },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            'lowercase' as const,
            'duplicate' as const,
            'junk' as const,
            'none' as const,
            'basic' as const,
          ),
        },
      ),
      contentType: contentTypes,
      body: rawBody(route),
      query: route.queryParams.length
        ? fc.oneof(
            queryString,
            fc
              .tuple(fc.constantFrom(...route.queryParams), hostileString)
              .map(([name, value]) => `?${name}=${encodeLoosely(value)}`),
          )
        : queryString,
      lengthLie: fc.oneof(
        { weight: 12, arbitrary: fc.constant(0) },
        { weight: 1, arbitrary: fc.integer({ min: 1, max: 40 }) },
      ),
      extraHeaders: fc.oneof(
        { weight: 6, arbitrary: fc.constant<Record<string, string>>({}) },
        {
          weight: 1,
          arbitrary: fc.constantFrom<Record<string, string>>(
            { 'Content-Encoding': 'gzip' },
            { 'Content-Encoding': 'identity' },
            { 'Idempotency-Key': 'x'.repeat(5000) },
            { 'X-Forwarded-For': '1.2.3.4, 5.6.7.8' },
            { 'Accept-Charset': 'iso-8859-1' },
            { Accept: 'application/xml' },
            { 'Transfer-Encoding': 'chunked' },
          ),
        },
      ),
    });
  }

  /** One connection reused across requests (the server closes it after a parser refusal). */
  const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });

  // --- sending --------------------------------------------------------------------------------

  /** What the property reads of an answer. */
  interface Answer {
    status: number;
    headers: Record<string, string | undefined>;
    body: Json;
  }

  async function authorization(r: FuzzRequest): Promise<string | string[] | null> {
    if (!r.user || r.authorization === 'none') return null;
    const t = await token(r.user);
    switch (r.authorization) {
      case 'good':
        return `Bearer ${t}`;
      case 'lowercase':
        return `bearer ${t}`;
      case 'junk':
        return `Bearer ${t.slice(0, -4)}AAAA`;
      case 'basic':
        return 'Basic YWRtaW46YWRtaW4=';
      case 'duplicate':
        return [`Bearer ${t}`, 'Bearer junk'];
    }
  }

  /**
   * A request whose Content-Length is shorter than its body, over a raw socket; every answer
   * on the connection is read. The property judges the first (the request's own), or a 5xx to
   * the rest of the body.
   */
  async function sendWithShortLength(r: FuzzRequest, body: string): Promise<Answer> {
    const bytes = Buffer.from(body, 'utf8');
    const auth = await authorization(r);
    const headers = [
      `${r.method.toUpperCase()} ${r.path}${r.query} HTTP/1.1`,
      `Host: ${new URL(base).host}`,
      `Content-Length: ${Math.max(0, bytes.length - r.lengthLie)}`,
      ...(r.contentType !== null ? [`Content-Type: ${r.contentType}`] : []),
      ...(auth === null ? [] : [auth].flat().map((a) => `Authorization: ${a}`)),
      ...Object.entries(r.extraHeaders)
        .filter(([name]) => name !== 'Transfer-Encoding')
        .map(([name, value]) => `${name}: ${value}`),
    ];
    const { port } = new URL(base);
    const text = await new Promise<string>((resolve, reject) => {
      // Written, not ended: a client's half-close would abort the request still being answered.
      // The server closes the connection after refusing the rest of the body; should the rest
      // read as the start of a request, the client ends it after a quiet second.
      const socket = connect(Number(port), '127.0.0.1', () =>
        socket.write(Buffer.concat([Buffer.from(`${headers.join('\r\n')}\r\n\r\n`), bytes])),
      );
      const chunks: Buffer[] = [];
      socket.setTimeout(1_000, () => socket.end());
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
      socket.on('error', reject);
    });
    const answers = text
      .split(/(?=HTTP\/1\.1 \d{3} )/)
      .filter(Boolean)
      .map((part): Answer => {
        const [head = '', rest = ''] = part.split('\r\n\r\n');
        const type = /^content-type: *(.*)$/im.exec(head)?.[1]?.trim();
        let parsed: Json = {};
        try {
          parsed = JSON.parse(rest);
        } catch {
          // Not JSON: the property then reports the refusal as not a problem document.
        }
        return {
          status: Number(head.split(' ')[1]),
          headers: { 'content-type': type },
          body: parsed,
        };
      });
    if (answers.length === 0) throw new Error(`no answer to ${JSON.stringify(r).slice(0, 300)}`);
    // The first answer is the request's; a 5xx to the rest of the body fails the property too.
    const worst = answers.reduce((w, a) => (a.status > w.status ? a : w));
    return worst.status >= 500 ? worst : answers[0]!;
  }

  async function send(r: FuzzRequest): Promise<Answer> {
    if (r.lengthLie > 0 && r.body !== null) return sendWithShortLength(r, r.body);
    const agent = request(base);
    let test = agent[r.method](r.path + r.query).agent(keepAlive);
    const auth = await authorization(r);
    if (auth !== null) test = test.set('Authorization', auth as string);
    for (const [name, value] of Object.entries(r.extraHeaders)) test = test.set(name, value);
    if (r.body !== null) {
      test = test.set('Content-Type', r.contentType ?? '');
      if (r.contentType === null) test = test.unset('Content-Type');
      return test.send(r.body);
    }
    if (r.contentType) test = test.set('Content-Type', r.contentType);
    return test;
  }

  it('answers every generated request below 500, and a refused one writes nothing', async () => {
    console.log(
      `fuzz: seed ${SEED}, ${RUNS} runs over ${routes.length} write routes (FUZZ_SEED / FUZZ_RUNS)`,
    );
    expect(routes.length).toBeGreaterThan(40);
    console.log(
      `fuzz: documented query parameters: ${
        routes
          .filter((r) => r.queryParams.length)
          .map((r) => `${r.path} (${r.queryParams.join(', ')})`)
          .join('; ') || 'none'
      }`,
    );
    const statuses = new Map<string, Map<number, number>>();
    /** Refused requests whose code the route's OpenAPI operation does not list. */
    const unlisted = new Set<string>();
    const started = Date.now();
    let tablesBefore = await tableState();
    let temporalBefore = await temporalState();
    let temporalCheckedAt = new Date();
    let log: Sent[] = [];
    let sent = 0;
    const timing = { send: 0, check: 0, settle: 0 };
    const requestArbitraries = new Map<Route, fc.Arbitrary<FuzzRequest>>();

    /**
     * Compares Temporal with the last check; a change must fall within an accepted request's
     * time (from sending to settling). One within a refused request's time, or outside every
     * request, fails the property naming the request.
     */
    async function checkTemporal(): Promise<void> {
      const now = await temporalState();
      const changed = temporalChanges(temporalBefore, now);
      if (changed.length) {
        const times = await temporalChangeTimes(temporalCheckedAt, temporalBefore, now);
        if (times.length === 0)
          throw new Error(
            `Temporal changed (${changed.join('; ')}) and no start or event explains it`,
          );
        for (const { what, at } of times) {
          const during = log.find((s) => s.from <= at && at <= s.to);
          if (!during || during.status >= 400)
            throw new Error(
              `Temporal changed (${changed.join('; ')}): ${what} at ${at.toISOString()}, ${
                during
                  ? `during the refused request ${JSON.stringify({ ...during.request, body: during.request.body?.slice(0, 300) })} answered ${during.status}`
                  : 'during no request'
              }`,
            );
        }
      }
      temporalBefore = now;
      temporalCheckedAt = new Date();
      // Kept a while: a start visibility lists late is attributed at the next check.
      const horizon = Date.now() - 15_000;
      log = log.filter((s) => s.to.getTime() >= horizon);
    }

    const property = fc.asyncProperty(
      fc.constantFrom(...routes).chain((route) => {
        // Built once per route: the arbitraries of a DTO are a tree worth keeping.
        let arbitrary = requestArbitraries.get(route);
        if (!arbitrary) requestArbitraries.set(route, (arbitrary = fuzzRequest(route)));
        return arbitrary;
      }),
      async (r) => {
        if (r.user && !tokens.has(r.user)) {
          // A sign-in writes a session: done before the request, then a new baseline.
          await token(r.user);
          tablesBefore = await tableState();
        }
        const from = new Date();
        const response = await send(r);
        const entry: Sent = { request: r, status: response.status, from, to: new Date() };
        log.push(entry);
        timing.send += entry.to.getTime() - from.getTime();
        sent += 1;
        const perRoute = statuses.get(r.route) ?? new Map<number, number>();
        perRoute.set(response.status, (perRoute.get(response.status) ?? 0) + 1);
        statuses.set(r.route, perRoute);
        const detail = () =>
          `${response.status} ${JSON.stringify(response.body).slice(0, 400)} for ${JSON.stringify({ ...r, body: r.body?.slice(0, 300) })}`;
        if (response.status >= 500) throw new Error(`5xx: ${detail()}`);
        if (response.status < 400) {
          // Accepted: its writes are allowed; wait for what it set off, then a new baseline.
          // A logout or a revocation ends a session the fuzzer holds: sign in again when needed.
          if (r.path.endsWith('/auth/logout') && r.user) tokens.delete(r.user);
          const revoked = /\/users\/([^/]+)\/revoke-sessions$/.exec(r.path)?.[1];
          if (revoked) tokens.delete(decodeURIComponent(revoked));
          const settling = Date.now();
          const settled = await settle();
          entry.to = new Date();
          timing.settle += Date.now() - settling;
          tablesBefore = settled.tables;
          await checkTemporal();
          return;
        }
        const type = String(response.headers['content-type'] ?? '');
        if (!type.startsWith('application/problem+json') || typeof response.body.code !== 'string')
          throw new Error(`refusal without a problem document: ${detail()}`);
        if (!/[\u4e00-\u9fff]/.test(String(response.body.detailZh)))
          throw new Error(`refusal without a Chinese detail: ${detail()}`);
        const route = routes.find(
          (candidate) => `${candidate.method.toUpperCase()} ${candidate.path}` === r.route,
        );
        if (route && !route.errorCodes.includes(response.body.code))
          unlisted.add(`${r.route}: ${response.body.code as string}`);
        const checking = Date.now();
        const after = await tableState();
        const changed = tableChanges(tablesBefore, after);
        tablesBefore = after;
        if (changed.length)
          throw new Error(
            `refused request wrote ${changed.join('; ')}: ${detail()}; the requests before it: ${log
              .slice(-4, -1)
              .map(
                (e) =>
                  `${e.status} ${JSON.stringify({ ...e.request, body: e.request.body?.slice(0, 200) })}`,
              )
              .join(' | ')}`,
          );
        if (sent % TEMPORAL_CHECK_EVERY === 0) await checkTemporal();
        timing.check += Date.now() - checking;
      },
    );
    try {
      await fc.assert(property, { seed: SEED, numRuns: RUNS, endOnFailure: true });
      // Workflows started late by a refused request would show up only now.
      await new Promise((resolve) => setTimeout(resolve, 500));
      await checkTemporal();
    } finally {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const summary = [...statuses.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(
          ([route, counts]) =>
            `${route} ${[...counts.entries()].map(([s, n]) => `${s}x${n}`).join(' ')}`,
        );
      console.log(
        `fuzz: seed ${SEED}, ${sent} requests in ${seconds}s (sending ${timing.send} ms, checking ${timing.check} ms, settling after accepted requests ${timing.settle} ms; ${running.length} workflows watched)\n${summary.join('\n')}`,
      );
    }
    // Every refusal's code is one its operation lists in the OpenAPI document.
    expect([...unlisted].sort()).toEqual([]);
    // Every write route was reached.
    expect([...statuses.keys()].sort()).toEqual(
      routes.map((r) => `${r.method.toUpperCase()} ${r.path}`).sort(),
    );
  });
});
