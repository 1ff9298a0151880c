/**
 * The OpenAPI document `npm run openapi` writes: valid OpenAPI 3, every operation with a success
 * schema, its refusals with catalogue codes, its roles as the route metadata says, request
 * examples that the route's own validation and the identifier checks accept, and the committed
 * files equal to a fresh generation.
 */
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { BadRequestException, type Type } from '@nestjs/common';
import { ApiModule } from '../../apps/api/src/api.module';
import { validationPipe } from '../../apps/api/src/common/validation';
import {
  controllersOf,
  routeFacts,
  type RouteFacts,
} from '../../apps/api/src/openapi/openapi-document';
import { ruleOf } from '../../apps/api/src/allowed-actions/performs-transition';
import { httpStatusFor } from '../../libs/common/src/http-status';
import { ERROR_CATALOGUE } from '../../libs/domain/src/errors';
import {
  validatePatentApplication,
  validateResidentId,
  validateUscc,
} from '../../libs/domain/src/identifiers';
import { ROLES } from '../../libs/domain/src/roles';
import { exampleOf, resolveSchema } from '../support/openapi-examples';
import { parsePolicyTerms } from '../../libs/domain/src/subsidy-policy/subsidy-policy';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ROOT = path.join(__dirname, '..', '..');
const COMMITTED = path.join(ROOT, 'apps', 'console', 'src', 'api');
let generated: { dir: string; json: string; types: string };
let document: Json;
let routes: RouteFacts[];

beforeAll(() => {
  // In a child process, as `npm run openapi` runs: openapi-typescript is an ES module Jest cannot load.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openapi-'));
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'openapi.js'), '--out', dir], {
    cwd: ROOT,
    stdio: 'pipe',
  });
  generated = {
    dir,
    json: fs.readFileSync(path.join(dir, 'openapi.json'), 'utf8'),
    types: fs.readFileSync(path.join(dir, 'schema.d.ts'), 'utf8'),
  };
  document = JSON.parse(generated.json) as Json;
  routes = routeFacts(controllersOf(ApiModule));
}, 300_000);

function operationOf(route: RouteFacts): Json {
  const operation = document.paths[route.path]?.[route.method] as Json | undefined;
  if (!operation) throw new Error(`${route.operationId} missing from the document`);
  return operation;
}

const resolve = (schema: Json): Json => resolveSchema(document, schema);

/**
 * What the domain checks refuse in an example: a USCC, resident ID or patent number whose check
 * character fails, subsidy-policy terms the policy check refuses.
 */
function domainProblems(value: unknown, path = ''): string[] {
  if (Array.isArray(value))
    return value.flatMap((item, i) => domainProblems(item, `${path}[${i}]`));
  if (!value || typeof value !== 'object') return [];
  const object = value as Record<string, unknown>;
  const terms: string[] = [];
  if ((object.kind === 'INTEREST' || object.kind === 'INSURANCE_PREMIUM') && 'terms' in object)
    try {
      parsePolicyTerms(object.kind, object.terms);
    } catch (error) {
      terms.push(`${path || 'body'}.terms: ${(error as Error).message}`);
    }
  return Object.entries(object)
    .flatMap(([key, item]) => {
      const at = path ? `${path}.${key}` : key;
      if (typeof item !== 'string') return domainProblems(item, at);
      const check = /uscc/i.test(key)
        ? validateUscc(item)
        : /residentId|idNumber/i.test(key)
          ? validateResidentId(item)
          : key === 'number' && /PATENT/.test(String(object.kind))
            ? validatePatentApplication(item)
            : null;
      return check && check.severity !== 'OK' ? [`${at} ${item}: ${check.reason}`] : [];
    })
    .concat(terms);
}

async function refusalOf(value: unknown, type: 'body' | 'query', metatype: Type): Promise<string> {
  try {
    await validationPipe().transform(value, { type, metatype });
    return '';
  } catch (error) {
    if (error instanceof BadRequestException) return JSON.stringify(error.getResponse());
    throw error;
  }
}

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3 and documents every route of the API', () => {
    expect(document.openapi).toMatch(/^3\./);
    // swagger-parser loads an ES module Jest cannot; Node can (require of ESM), in a child.
    const file = path.join(generated.dir, 'openapi.json');
    const validate = `require('@apidevtools/swagger-parser').validate(process.argv[1]).then(() => console.log('valid'), (e) => { console.log(e.message); process.exitCode = 1; })`;
    let verdict: string;
    try {
      verdict = execFileSync(process.execPath, ['-e', validate, file], { encoding: 'utf8' });
    } catch (error) {
      verdict = String((error as { stdout?: string }).stdout);
    }
    expect(verdict.trim()).toBe('valid');
    const operations = Object.values<Json>(document.paths).flatMap((item) => Object.values(item));
    expect(operations.map((o) => o.operationId).sort()).toEqual(
      routes.map((r) => r.operationId).sort(),
    );
  });

  it('gives every operation a success response with a schema', () => {
    const missing = routes.filter((route) => {
      const success = Object.entries<Json>(operationOf(route).responses).filter(([status]) =>
        status.startsWith('2'),
      );
      return !success.some(
        ([status, response]) =>
          status === '204' ||
          Object.values<Json>(response.content ?? {}).some(
            (media) => media.schema && Object.keys(media.schema).length > 0,
          ),
      );
    });
    expect(
      missing.map((r) => `${r.operationId}: add @ApiOkResponse({ schema }) or type its return`),
    ).toEqual([]);
  });

  it('lists for every refusal status the catalogue codes it may answer, as problem JSON', () => {
    const wrong: string[] = [];
    for (const route of routes) {
      const operation = operationOf(route);
      const listed: string[] = [];
      for (const [status, response] of Object.entries<Json>(operation.responses)) {
        const isProblem = Boolean(response.content?.['application/problem+json']);
        // A refusal is problem JSON with its codes; /health's 503 is its own report, not a refusal.
        if (Number(status) < 400 || (!isProblem && !response['x-error-codes'])) continue;
        const codes = (response['x-error-codes'] ?? []) as string[];
        if (codes.length === 0) wrong.push(`${route.operationId} ${status}: no x-error-codes`);
        for (const code of codes) {
          if (!(code in ERROR_CATALOGUE))
            wrong.push(`${route.operationId}: ${code} not catalogued`);
          else if (httpStatusFor(code) !== Number(status))
            wrong.push(`${route.operationId}: ${code} under ${status}`);
        }
        if (
          response.content?.['application/problem+json']?.schema?.$ref !==
          '#/components/schemas/Problem'
        )
          wrong.push(`${route.operationId} ${status}: not a Problem`);
        listed.push(...codes);
      }
      expect([...listed].sort()).toEqual([...(operation['x-error-codes'] as string[])].sort());
      if (!route.isPublic && !listed.includes('UNAUTHENTICATED'))
        wrong.push(`${route.operationId}: signed-in route without 401`);
      if (route.guardRoles && !listed.includes('ROLE_FORBIDDEN'))
        wrong.push(`${route.operationId}: @Roles route without ROLE_FORBIDDEN`);
      if ((route.body || route.query) && !listed.includes('VALIDATION_FAILED'))
        wrong.push(`${route.operationId}: validated route without VALIDATION_FAILED`);
      for (const code of route.declaredCodes)
        if (!listed.includes(code)) wrong.push(`${route.operationId}: declared ${code} missing`);
    }
    expect(wrong).toEqual([]);
  });

  it('documents the Problem schema with the members the API answers', () => {
    const problem = document.components.schemas.Problem as Json;
    expect(problem.required).toEqual(['type', 'title', 'status', 'code', 'detail', 'detailZh']);
    expect(problem.properties.code.enum).toEqual(Object.keys(ERROR_CATALOGUE));
  });

  it('lists in x-roles the roles the route metadata admits, and says so in the description', () => {
    const wrong: string[] = [];
    for (const route of routes) {
      const operation = operationOf(route);
      const roles = operation['x-roles'] as string[];
      const performers = new Set(
        route.transitions.flatMap((t) => ruleOf(t.process, t.event)?.performers ?? []),
      );
      const expected = route.isPublic
        ? []
        : (route.guardRoles ?? [...ROLES]).filter(
            (role) => route.transitions.length === 0 || performers.has(role),
          );
      if (JSON.stringify(roles) !== JSON.stringify(expected))
        wrong.push(`${route.operationId}: ${roles.join(',')} ≠ ${expected.join(',')}`);
      if (!route.isPublic && expected.length === 0)
        wrong.push(`${route.operationId}: nobody may call it`);
      const sentence = route.isPublic
        ? 'Public: no token needed.'
        : expected.length === ROLES.length
          ? 'Roles: any signed-in user.'
          : `Roles: ${expected.join(', ')}.`;
      if (!String(operation.description).includes(sentence))
        wrong.push(`${route.operationId}: description does not name its roles`);
    }
    expect(wrong).toEqual([]);
  });

  it('has request examples the route validation and the domain checks accept', async () => {
    const refused: string[] = [];
    for (const route of routes) {
      const operation = operationOf(route);
      if (route.body) {
        const schema = operation.requestBody?.content?.['application/json']?.schema as Json;
        if (!schema) {
          refused.push(`${route.operationId}: body ${route.body.name} not documented`);
          continue;
        }
        if (resolve(schema) !== resolve({ $ref: `#/components/schemas/${route.body.name}` }))
          refused.push(
            `${route.operationId}: documented with another body than ${route.body.name}`,
          );
        const example = exampleOf(document, schema);
        const refusal = await refusalOf(structuredClone(example), 'body', route.body);
        if (refusal) refused.push(`${route.operationId} body: ${refusal}`);
        refused.push(...domainProblems(example).map((p) => `${route.operationId} body: ${p}`));
      }
      if (route.query) {
        const query = Object.fromEntries(
          ((operation.parameters ?? []) as Json[])
            .filter((p) => p.in === 'query')
            .map(
              (p) =>
                [
                  p.name,
                  p.example ?? p.schema?.example ?? (p.required ? p.schema?.enum?.[0] : undefined),
                ] as const,
            )
            .filter(([, example]) => example !== undefined)
            .map(([name, example]) => [name, String(example)]),
        );
        const refusal = await refusalOf(query, 'query', route.query);
        if (refusal)
          refused.push(`${route.operationId} query ${JSON.stringify(query)}: ${refusal}`);
        refused.push(...domainProblems(query).map((p) => `${route.operationId} query: ${p}`));
      }
    }
    expect(refused).toEqual([]);
  });

  it('is committed as `npm run openapi` writes it (openapi.json and schema.d.ts)', () => {
    const stale = 'is stale: run `npm run openapi` and commit the result';
    expect(
      fs.readFileSync(path.join(COMMITTED, 'openapi.json'), 'utf8') === generated.json
        ? ''
        : `openapi.json ${stale}`,
    ).toBe('');
    expect(
      fs.readFileSync(path.join(COMMITTED, 'schema.d.ts'), 'utf8') === generated.types
        ? ''
        : `schema.d.ts ${stale}`,
    ).toBe('');
  });
});
