import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService } from '@nestjs/core';
import { IS_PUBLIC, REQUIRED_ROLES } from '../../libs/auth/src/auth.decorators';
import { ROLES, type Role } from '../../libs/domain/src/roles';
import { DEMO_ENTERPRISES } from '../../libs/persistence/src/seed/seed';
import {
  act,
  addMonths,
  advanceTo,
  businessDate,
  declareDefault,
  expectOk,
  expectProblem,
  newUscc,
  openActiveCase,
  openCase,
  registerAsset,
  USERS,
  withDb,
  type Json,
} from '../support/case-flows';
import {
  FUND,
  FUND_MANAGER,
  fundClaimId,
  INSURER,
  insuranceClaimId,
  INSURER_PAYER,
  OPERATOR,
} from '../support/disposal-flows';
import { openLoan, policyTerms, publishPolicy, repayOnDueDates } from '../support/subsidy-flows';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { ROWS, type Cell, type Relation, type Subjects } from './authorisation-matrix.rows';

jest.setTimeout(300_000);

/** The user who plays each role: of the bank, district and firm that own the fixtures' case A. */
const PLAYER: Record<Role, string> = {
  LOAN_OFFICER: USERS.officer,
  CREDIT_APPROVER: USERS.approver,
  EVALUATOR: USERS.evaluator,
  REGISTRATION_CLERK: USERS.clerk,
  DISTRICT_REVIEWER: 'reviewer.pudong',
  DISTRICT_APPROVER: 'approver.pudong',
  INSURER,
  FUND_MANAGER,
  ADMINISTRATOR: USERS.admin,
  ENTERPRISE: 'enterprise.pujiang',
  EXCHANGE_OPERATOR: OPERATOR,
};

interface AppRoute {
  key: string;
  method: string;
  path: string;
  roles: Role[] | null;
  isPublic: boolean;
}

function joinPath(...parts: (string | string[] | undefined)[]): string {
  const segments = parts
    .map((part) => (Array.isArray(part) ? part[0] : part) ?? '')
    .flatMap((part) => part.split('/'))
    .filter(Boolean);
  return `/${segments.join('/')}`;
}

/** Every route of the running API, read from Nest's own metadata of its controllers. */
function appRoutes(system: TestSystem): AppRoute[] {
  const controllers = system.api
    .get(DiscoveryService)
    .getControllers()
    .map((wrapper) => wrapper.metatype as Type | null)
    .filter((type): type is Type => Boolean(type));
  const routes: AppRoute[] = [];
  for (const controller of controllers) {
    const base = Reflect.getMetadata(PATH_METADATA, controller) as string | undefined;
    const prototype = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const handler = prototype[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      if (method === undefined || path === undefined) continue;
      const meta = <T>(key: string): T | undefined =>
        (Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, controller)) as T;
      const full = joinPath(base, path);
      routes.push({
        key: `${RequestMethod[method]} ${full}`,
        method: RequestMethod[method],
        path: full,
        roles: meta<Role[]>(REQUIRED_ROLES) ?? null,
        isPublic: meta<boolean>(IS_PUBLIC) ?? false,
      });
    }
  }
  return routes;
}

/**
 * The authorisation matrix (docs/domain.md, Who sees what): every route of the API × every role
 * × the relation of the caller's organisation to the subject (its own or party to it, another's
 * or not party), each cell with the answer it must get, run against the real API, Temporal,
 * PostgreSQL and Redis. The rows live in authorisation-matrix.rows.ts; a route without a row, or
 * a row without a route, fails the test, so a new route cannot ship without its row.
 */
describe('authorisation matrix: every route × every role × own/other organisation', () => {
  let system: TestSystem;
  let subjects: Subjects;

  beforeAll(async () => {
    system = await startTestSystem();

    // Two premium-subsidy claims of one loan of SHCB to Pujiang, one filed with Pudong and one
    // with Xuhui, both awaiting the insurer's confirmation: the bank, the firm and the insurer
    // see both, each district only its own. The loan's first instalment is repaid on its due date.
    for (const approver of ['approver.pudong', 'approver.xuhui'])
      await publishPolicy(
        system,
        approver,
        'INSURANCE_PREMIUM',
        policyTerms({
          programme: `MATRIX-${approver.split('.')[1]!.toUpperCase()}-PREMIUM`,
          requiredProofs: ['INSURANCE_POLICY'],
        }),
      );
    const loan = (await openLoan(system)).caseNumber as string;
    await advanceTo(system, addMonths(await businessDate(system), 1));
    await repayOnDueDates(system, loan, [1]);
    const premiumClaim = async (districtCode: string): Promise<string> => {
      const res = await (
        await system.as(USERS.officer)
      ).post('/api/v1/subsidies/claims/insurance', {
        caseNumber: loan,
        districtCode,
        insurerOrgId: 'INS-ANXIN',
        insurancePolicyNumber: `AX-MATRIX-${districtCode}`,
        premium: '12000.00',
        premiumPaidOn: addMonths(await businessDate(system), -1),
        proofs: ['INSURANCE_POLICY'],
      });
      expectOk(res, 201);
      expect(res.body.status).toBe('AWAITING_INSURER');
      return res.body.id as string;
    };
    const pudongClaim = await premiumClaim('310115');
    const xuhuiClaim = await premiumClaim('310104');

    // Case A: bank SHCB's loan to Pujiang (Pudong), defaulted, the insurer's claim paid, its disposal
    // started (awaiting the method): every organisation is party to it, and almost every step is
    // in the wrong state, so the admitted cells are refused after authorisation (409) and the
    // fixture stays as it is.
    const a = await openActiveCase(system);
    await declareDefault(system, a.caseNumber);
    // The insurer's claim confirmed and paid; the fund's stays filed (it may be reviewed only
    // after 60 days non-performing, so a review is refused after authorisation, 422).
    const claim = `/compensation-claims/${insuranceClaimId(a.caseNumber)}`;
    await act(system, a.caseNumber, `${claim}/confirm`, {}, INSURER);
    await act(system, a.caseNumber, `${claim}/pay`, { reference: 'INS-PAY-MATRIX' }, INSURER_PAYER);
    await act(system, a.caseNumber, '/disposal');

    // Case B: bank PDIB's draft for a firm of Xuhui: no organisation of the players is its bank,
    // district or firm, and none is party to it.
    const otherUscc = newUscc();
    const otherAsset = await registerAsset(system, { owners: [otherUscc] });
    const b = await openCase(
      system,
      {
        productCode: 'PDIB-IP-FAST',
        enterprise: { uscc: otherUscc, districtCode: '310104' },
        assets: [{ type: 'PATENT', number: otherAsset }],
      },
      USERS.otherBankOfficer,
    );
    const aView = (await (await system.as(USERS.officer)).get(`/api/v1/cases/${a.caseNumber}`))
      .body as Json;
    subjects = {
      inside: {
        id: a.caseNumber,
        caseNumber: a.caseNumber,
        insuranceClaim: insuranceClaimId(a.caseNumber),
        fundClaim: fundClaimId(a.caseNumber),
        uscc: DEMO_ENTERPRISES.pudongTech.uscc,
        asset: aView.assets[0].number as string,
        subsidyClaim: pudongClaim,
      },
      outside: {
        id: b.caseNumber,
        caseNumber: b.caseNumber,
        insuranceClaim: insuranceClaimId(b.caseNumber),
        fundClaim: fundClaimId(b.caseNumber),
        uscc: otherUscc,
        asset: otherAsset,
        subsidyClaim: xuhuiClaim,
      },
      fund: FUND,
    };
  });

  afterAll(async () => {
    await system?.close();
  });

  it('has a row for every route of the app and a route for every row', () => {
    const routes = appRoutes(system);
    const keys = new Set(routes.map((r) => r.key));
    const missing = routes.filter((r) => !ROWS[r.key]).map((r) => r.key);
    const stale = Object.keys(ROWS).filter((key) => !keys.has(key));
    if (missing.length) console.log(`Routes without a matrix row:\n  ${missing.join('\n  ')}`);
    if (stale.length) console.log(`Matrix rows without a route:\n  ${stale.join('\n  ')}`);
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
    // The guard's roles and @Public of each route are the row's.
    const declared = routes.map((r) => [r.key, r.roles?.slice().sort() ?? null, r.isPublic]);
    const rows = routes.map((r) => {
      const row = ROWS[r.key]!;
      return [r.key, row.guard === 'ANY' ? null : [...row.guard].sort(), row.public ?? false];
    });
    expect(declared).toEqual(rows);
  });

  it('answers every cell as its row says', async () => {
    const routes = appRoutes(system);
    const cells: (Cell & { actual: number; code?: string })[] = [];
    const mismatches: string[] = [];

    const run = async (route: AppRoute, cell: Cell, token?: string) => {
      const path = route.path.replace(/:([A-Za-z]+)/g, (_m, name: string) =>
        encodeURIComponent(cell.params[name] ?? `MATRIX-${name}`),
      );
      const url = `${path}${cell.query ?? ''}`;
      const verb = route.method.toLowerCase() as 'get' | 'post' | 'put';
      let req = system.http[verb](url);
      if (token) req = req.set('Authorization', `Bearer ${token}`);
      const res = verb === 'get' ? await req : await req.send(cell.body ?? {});
      cells.push({ ...cell, actual: res.status, code: res.body?.code as string | undefined });
      const codeOk = cell.code === undefined || res.body?.code === cell.code;
      if (res.status !== cell.expected || !codeOk)
        mismatches.push(
          `${route.key} as ${cell.role ?? 'nobody'} (${cell.relation}): expected ${cell.expected}${
            cell.code ? ` ${cell.code}` : ''
          }, got ${res.status} ${res.body?.code ?? ''} ${res.body?.detail ?? ''}`.trim(),
        );
      if (res.status >= 500) mismatches.push(`${route.key}: 5xx ${JSON.stringify(res.body)}`);
    };

    const tokens = new Map<string, string>();
    const tokenOf = async (username: string, fresh: boolean): Promise<string> => {
      if (!fresh && tokens.has(username)) return tokens.get(username)!;
      const res = await system.http.post('/api/v1/auth/dev-login').send({ username });
      expect(res.status).toBe(200);
      if (!fresh) tokens.set(username, res.body.accessToken as string);
      return res.body.accessToken as string;
    };

    for (const route of routes) {
      const row = ROWS[route.key]!;
      // Unauthenticated: 401 on every route that is not public.
      if (!route.isPublic) {
        await run(route, {
          route: route.key,
          role: null,
          relation: 'none',
          params: row.params?.(subjects, 'inside') ?? {},
          body: row.body?.(subjects, 'inside'),
          query: row.query?.(subjects, 'inside'),
          expected: 401,
          code: 'UNAUTHENTICATED',
        });
      }
      for (const role of ROLES) {
        for (const relation of row.relations ?? (['inside', 'outside'] as Relation[])) {
          const cell = expectedCell(route.key, role, relation, subjects);
          if (!cell) continue;
          await run(route, cell, await tokenOf(PLAYER[role], row.freshToken ?? false));
        }
      }
    }

    const distribution: Record<string, number> = {};
    for (const cell of cells) {
      const key = String(cell.expected);
      distribution[key] = (distribution[key] ?? 0) + 1;
    }
    console.log(
      `Authorisation matrix: ${routes.length} routes, ${cells.length} cells; expected answers ${JSON.stringify(
        distribution,
      )}`,
    );
    const byRelation: Record<string, number> = {};
    for (const cell of cells) byRelation[cell.relation] = (byRelation[cell.relation] ?? 0) + 1;
    console.log(`Cells by relation: ${JSON.stringify(byRelation)}`);
    if (mismatches.length) console.log(`Cells answered otherwise:\n  ${mismatches.join('\n  ')}`);
    expect(mismatches).toEqual([]);
    // Whatever the rows say: another organisation's subject is never answered 403 once the
    // guard has let the role through (it is 404, or a refusal that proves it is seen: the
    // administrator's), and no cell is answered 5xx.
    const disclosed = cells.filter(
      (c) =>
        c.relation === 'outside' &&
        c.actual === 403 &&
        c.role !== null &&
        !(ROWS[c.route]!.guard !== 'ANY' && !ROWS[c.route]!.guard.includes(c.role)),
    );
    expect(disclosed.map((c) => `${c.route} as ${c.role}`)).toEqual([]);
    expect(cells.filter((c) => c.actual >= 500)).toEqual([]);
  });

  it('refuses a list filter outside the caller’s scope (403 FILTER_FORBIDDEN), not an empty list', async () => {
    const bank = await system.as(USERS.otherBankOfficer);
    expectProblem(await bank.get('/api/v1/cases?bank=BANK-SHCB'), 403, 'FILTER_FORBIDDEN');
    expect((await bank.get('/api/v1/cases?bank=BANK-PDIB')).status).toBe(200);
    const district = await system.as('reviewer.pudong');
    expectProblem(await district.get('/api/v1/cases?district=310104'), 403, 'FILTER_FORBIDDEN');
    expect((await district.get('/api/v1/cases?district=310115')).status).toBe(200);
    const firm = await system.as('enterprise.pujiang');
    expectProblem(
      await firm.get(`/api/v1/cases?enterprise=${subjects.outside.uscc}`),
      403,
      'FILTER_FORBIDDEN',
    );
    // The administrator sees every case and may filter by any bank or district; a party-only
    // role's bank filter narrows the cases it is party to.
    const admin = await system.as(USERS.admin);
    expect((await admin.get('/api/v1/cases?bank=BANK-PDIB&district=310104')).status).toBe(200);
    const insurer = await system.as(INSURER);
    const insured = await insurer.get('/api/v1/cases?bank=BANK-SHCB');
    expect(insured.status).toBe(200);
    expect(insured.body.items.map((c: Json) => c.caseNumber)).toEqual([subjects.inside.id]);
    // An unknown value is refused as well (400), on the cases and on the subsidy claims.
    expectProblem(await bank.get('/api/v1/cases?status=NOPE'), 400, 'VALIDATION_FAILED');
    expectProblem(
      await district.get('/api/v1/subsidies/claims?status=NOPE'),
      400,
      'VALIDATION_FAILED',
    );
    // Each refused read has its audit entry, with the caller and the code; an answered one none.
    const audited = await withDb(
      system,
      async (db) =>
        (
          await db.query(
            `SELECT actor_username AS who, payload->'query'->>'bank' AS bank,
                    payload->'outcome'->>'code' AS code, (payload->'outcome'->>'status')::int AS status
               FROM audit_log WHERE action = 'API_REQUEST' AND payload->>'method' = 'GET'
                AND payload->>'path' = '/api/v1/cases' AND payload->'query' ? 'bank'`,
          )
        ).rows,
    );
    expect(audited).toEqual([
      { who: USERS.otherBankOfficer, bank: 'BANK-SHCB', code: 'FILTER_FORBIDDEN', status: 403 },
    ]);
  });

  it('reads the enterprise register within the caller’s scope', async () => {
    const search = async (who: string) => {
      const res = await (await system.as(who)).get('/api/v1/enterprises?limit=100');
      expect(res.status).toBe(200);
      return (res.body.items as Json[]).map((e) => e.uscc as string);
    };
    const own = DEMO_ENTERPRISES.pudongTech.uscc;
    expect(await search('enterprise.pujiang')).toEqual([own]);
    const pudong = await search('reviewer.pudong');
    expect(pudong).toContain(own);
    expect(pudong).not.toContain(subjects.outside.uscc);
    expect(await search('approver.xuhui')).toContain(subjects.outside.uscc);
    expect(await search(OPERATOR)).toEqual([]);
    expect(await search(USERS.officer)).toEqual(expect.arrayContaining([own]));
  });
});

function expectedCell(
  key: string,
  role: Role,
  relation: Relation,
  subjects: Subjects,
): Cell | null {
  const row = ROWS[key]!;
  // The administrator audits every case: for it there is no other organisation's case.
  if (relation === 'outside' && role === 'ADMINISTRATOR' && !row.adminHasOutside) return null;
  const params = row.params?.(subjects, relation) ?? {};
  const base = {
    route: key,
    role,
    relation,
    params,
    body: row.body?.(subjects, relation),
    query: row.query?.(subjects, relation),
  };
  if (row.guard !== 'ANY' && !row.guard.includes(role))
    return { ...base, expected: 403, code: 'ROLE_FORBIDDEN' };
  const answer = row.answer(role, relation);
  return { ...base, expected: answer.status, code: answer.code };
}
