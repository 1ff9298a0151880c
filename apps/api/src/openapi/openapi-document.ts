/**
 * The OpenAPI document of the API: what @nestjs/swagger reads from the controllers and DTOs,
 * completed with what the route metadata says — the roles that may call each operation
 * (`x-roles`), the problem-JSON refusals it may answer with their catalogue codes
 * (`x-error-codes`) — and with the response schemas and refusal codes `npm run openapi` reads
 * from the code with the type checker (scripts/openapi). The API serves the committed result.
 */
import { RequestMethod, type INestApplication, type Type } from '@nestjs/common';
import {
  HTTP_CODE_METADATA,
  METHOD_METADATA,
  PATH_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { DECORATORS } from '@nestjs/swagger/dist/constants';
import { IS_PUBLIC, REQUIRED_ROLES } from '../../../../libs/auth/src/auth.decorators';
import { httpStatusFor } from '../../../../libs/common/src/http-status';
import { ERROR_CATALOGUE, type ErrorCode } from '../../../../libs/domain/src/errors';
import { ROLES, type Role } from '../../../../libs/domain/src/roles';
import {
  PERFORMS_TRANSITION,
  ruleOf,
  type PerformedTransition,
  type ProcessName,
} from '../allowed-actions/performs-transition';
import { API_ERRORS } from './api-errors.decorator';

/** One route as its controller declares it. */
export interface RouteFacts {
  /** `<Controller>_<method>`, the operationId @nestjs/swagger gives it. */
  operationId: string;
  controller: Type;
  handlerName: string;
  method: string;
  /** The OpenAPI path, `/api/v1/cases/{id}`. */
  path: string;
  isPublic: boolean;
  /** The @Roles of the route (or its controller); null when any signed-in user passes the guard. */
  guardRoles: Role[] | null;
  transitions: PerformedTransition[];
  body: Type | null;
  query: Type | null;
  /** Codes declared with @ApiErrors on the route or its controller. */
  declaredCodes: ErrorCode[];
}

/** What the type checker read from a route's code (scripts/openapi). */
export interface DerivedRoute {
  /** The success answer: a JSON schema, a file, or no body. */
  answer: { kind: 'json'; schema: Record<string, unknown> } | { kind: 'file' } | { kind: 'empty' };
  /** Catalogue codes written in the handler and everything it calls, and in its workflow steps. */
  codes: string[];
}

export interface DerivedDocument {
  routes: Record<string, DerivedRoute>;
  components: Record<string, Record<string, unknown>>;
}

/** Controllers of a module and of every module it imports. */
export function controllersOf(root: Type): Type[] {
  const found = new Set<Type>();
  const seen = new Set<unknown>();
  const visit = (entry: unknown): void => {
    if (!entry || seen.has(entry)) return;
    seen.add(entry);
    const dynamic = typeof entry === 'object' ? (entry as Record<string, unknown>) : null;
    const moduleClass = (dynamic ? dynamic.module : entry) as Type | undefined;
    const lists = [
      moduleClass && Reflect.getMetadata('controllers', moduleClass),
      dynamic?.controllers,
    ];
    for (const list of lists) for (const c of (list as Type[] | undefined) ?? []) found.add(c);
    const imports = [
      ...(((moduleClass && Reflect.getMetadata('imports', moduleClass)) as unknown[]) ?? []),
      ...((dynamic?.imports as unknown[]) ?? []),
    ];
    for (const imported of imports) visit(imported);
  };
  visit(root);
  return [...found];
}

function joinPath(...parts: (string | string[] | undefined)[]): string {
  const segments = parts
    .map((part) => (Array.isArray(part) ? part[0] : part) ?? '')
    .flatMap((part) => part.split('/'))
    .filter(Boolean)
    .map((segment) => segment.replace(/^:(\w+)$/, '{$1}'));
  return `/${segments.join('/')}`;
}

/** The metatype of the handler's argument of kind `kind` (@Body, @Query), if it is a class. */
function argumentType(controller: Type, name: string, kind: RouteParamtypes): Type | null {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<
    string,
    { index: number; data?: unknown }
  >;
  const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, name) ??
    []) as unknown[];
  for (const [key, arg] of Object.entries(args)) {
    if (key.split(':')[0] !== String(kind) || arg.data !== undefined) continue;
    const type = types[arg.index];
    if (typeof type === 'function' && ![String, Object, Number, Boolean].includes(type as never))
      return type as Type;
  }
  return null;
}

/** Every route of these controllers, read from their Nest, auth and decorator metadata. */
export function routeFacts(controllers: readonly Type[]): RouteFacts[] {
  const routes: RouteFacts[] = [];
  for (const controller of controllers) {
    const base = Reflect.getMetadata(PATH_METADATA, controller) as string | undefined;
    const prototype = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const handler = prototype[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined) continue;
      const own = <T>(key: string): T | undefined =>
        (Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, controller)) as
          | T
          | undefined;
      routes.push({
        operationId: `${controller.name}_${name}`,
        controller,
        handlerName: name,
        method: RequestMethod[method].toLowerCase(),
        path: joinPath(base, Reflect.getMetadata(PATH_METADATA, handler) as string),
        isPublic: own<boolean>(IS_PUBLIC) === true,
        guardRoles: own<Role[]>(REQUIRED_ROLES) ?? null,
        transitions: (Reflect.getMetadata(PERFORMS_TRANSITION, handler) ??
          []) as PerformedTransition[],
        body: argumentType(controller, name, RouteParamtypes.BODY),
        query: argumentType(controller, name, RouteParamtypes.QUERY),
        declaredCodes: [
          ...((Reflect.getMetadata(API_ERRORS, controller) as ErrorCode[]) ?? []),
          ...((Reflect.getMetadata(API_ERRORS, handler) as ErrorCode[]) ?? []),
        ],
      });
    }
  }
  return routes;
}

/**
 * Who may call a route: the guard's @Roles, narrowed by the performers of the transitions it
 * fires (the workflow refuses any other role); every role when neither restricts it; none on a
 * public route (it needs no token).
 */
export function rolesOf(route: RouteFacts): Role[] {
  if (route.isPublic) return [];
  const roles: Role[] = route.guardRoles ?? [...ROLES];
  if (route.transitions.length === 0) return roles;
  // A route that fires several rows (an insurer's or the fund's payment) admits each row's performers.
  const performers = new Set(
    route.transitions.flatMap(({ process, event }) => ruleOf(process, event)?.performers ?? []),
  );
  return roles.filter((role) => performers.has(role));
}

/** The not-found code of each process's subject, answered when its workflow does not exist. */
const NOT_FOUND_OF: Record<ProcessName, ErrorCode> = {
  'loan-case': 'CASE_NOT_FOUND',
  disposal: 'DISPOSAL_NOT_FOUND',
  'subsidy-claim': 'CLAIM_NOT_FOUND',
};

const WRITES = new Set(['post', 'put', 'patch', 'delete']);

/**
 * The codes every route of this kind may answer before or around its handler: the input gates
 * (a control character, nesting, the media type and the parsers), the auth guard, the write and
 * sign-in rate limits, the validation pipe, and the transition table of the steps it fires.
 */
export function gateCodes(route: RouteFacts): ErrorCode[] {
  const codes: ErrorCode[] = ['CONTROL_CHARACTER_IN_INPUT', 'INPUT_TOO_DEEP'];
  if (!route.isPublic) codes.push('UNAUTHENTICATED', 'INVALID_TOKEN');
  if (route.guardRoles) codes.push('ROLE_FORBIDDEN');
  if (WRITES.has(route.method) || route.isPublic) codes.push('RATE_LIMITED');
  if (WRITES.has(route.method))
    codes.push('UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE', 'MALFORMED_JSON');
  if (route.body || route.query) codes.push('VALIDATION_FAILED');
  for (const { process } of route.transitions)
    codes.push('INVALID_TRANSITION', 'ROLE_FORBIDDEN', NOT_FOUND_OF[process]);
  return codes;
}

export function documentConfig(): Omit<OpenAPIObject, 'paths'> {
  return new DocumentBuilder()
    .setTitle('IP-pledge financing workflow engine')
    .setDescription(
      '知识产权质押融资: one durable, auditable case per loan. Money is yuan as decimal strings; dates are YYYY-MM-DD (Asia/Shanghai). ' +
        'Every operation lists the roles that may call it (`x-roles`) and, per refusal status, the catalogue codes it may answer (`x-error-codes`) as problem JSON (`Problem`).',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
}

/** The problem document every refusal is answered with (libs/common/src/problem.ts). */
function problemSchema(): Record<string, unknown> {
  return {
    type: 'object',
    description: 'RFC 7807 problem document; `code` is the stable contract, never the message',
    required: ['type', 'title', 'status', 'code', 'detail', 'detailZh'],
    properties: {
      type: { type: 'string', example: 'https://ip-pledge.example/problems/case-not-found' },
      title: { type: 'string', description: 'the code', example: 'CASE_NOT_FOUND' },
      status: { type: 'integer', example: 404 },
      code: { type: 'string', enum: Object.keys(ERROR_CATALOGUE), example: 'CASE_NOT_FOUND' },
      detail: { type: 'string', description: 'English message' },
      detailZh: { type: 'string', description: 'Chinese message' },
      instance: { type: 'string', description: 'the request path' },
      details: {
        type: 'object',
        additionalProperties: true,
        description: 'structured facts of a business refusal',
      },
      errors: {
        type: 'array',
        description: 'VALIDATION_FAILED: every refused field',
        items: {
          type: 'object',
          required: ['field', 'problems'],
          properties: {
            field: { type: 'string' },
            problems: { type: 'array', items: { type: 'string' } },
          },
        },
      },
    },
    additionalProperties: true,
  };
}

type Operation = {
  description?: string;
  responses: Record<string, { description: string; content?: Record<string, unknown> }>;
  security?: unknown[];
  [extension: string]: unknown;
};

function roleSentence(route: RouteFacts, roles: Role[]): string {
  if (route.isPublic) return 'Public: no token needed.';
  if (roles.length === ROLES.length) return 'Roles: any signed-in user.';
  return `Roles: ${roles.join(', ')}.`;
}

/** The success answer's media type and schema, from the derived answer. */
function successContent(
  derived: DerivedRoute['answer'],
  produces: string[] | undefined,
): Record<string, unknown> | undefined {
  if (derived.kind === 'empty') return undefined;
  if (derived.kind === 'file')
    return Object.fromEntries(
      (produces ?? ['application/octet-stream']).map((type) => [
        type,
        { schema: { type: 'string', format: 'binary' } },
      ]),
    );
  return { 'application/json': { schema: derived.schema } };
}

/**
 * The document of `app` (a Nest application, which may be a preview: nothing is connected),
 * completed with the route metadata and what was derived from the code.
 */
export function buildOpenApiDocument(
  app: INestApplication,
  routes: readonly RouteFacts[],
  derived: DerivedDocument,
): OpenAPIObject {
  const document = SwaggerModule.createDocument(app, documentConfig());
  const schemas = (document.components ??= {}).schemas ?? {};
  document.components.schemas = { ...schemas, ...derived.components, Problem: problemSchema() };
  for (const route of routes) {
    const operation = document.paths[route.path]?.[route.method as 'get'] as unknown as
      | Operation
      | undefined;
    if (!operation) throw new Error(`${route.operationId} is not in the document`);
    const roles = rolesOf(route);
    operation['x-roles'] = roles;
    operation.description = [operation.description, roleSentence(route, roles)]
      .filter(Boolean)
      .join('\n\n');
    if (route.isPublic) operation.security = [];

    const found = derived.routes[route.operationId];
    const status =
      (Reflect.getMetadata(HTTP_CODE_METADATA, route.controller.prototype[route.handlerName]) as
        | number
        | undefined) ?? (route.method === 'post' ? 201 : 200);
    const success = (operation.responses[String(status)] ??= { description: '' });
    if (!success.content && found) {
      const handler = route.controller.prototype[route.handlerName];
      const produces = Reflect.getMetadata(DECORATORS.API_PRODUCES, handler) as
        | string[]
        | undefined;
      success.content = successContent(found.answer, produces);
      if (!success.content) success.description ||= 'No content';
    }
    success.description ||= 'Success';

    const codes = [
      ...new Set<string>([...gateCodes(route), ...route.declaredCodes, ...(found?.codes ?? [])]),
    ]
      .filter((code) => code in ERROR_CATALOGUE)
      .sort();
    const byStatus = new Map<number, string[]>();
    for (const code of codes) {
      const refusal = httpStatusFor(code);
      byStatus.set(refusal, [...(byStatus.get(refusal) ?? []), code]);
    }
    for (const [refusal, list] of [...byStatus].sort(([a], [b]) => a - b)) {
      operation.responses[String(refusal)] = {
        description: list
          .map((code) => `\`${code}\`: ${ERROR_CATALOGUE[code as ErrorCode].en}`)
          .join('; '),
        content: {
          'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
        },
        'x-error-codes': list,
      } as Operation['responses'][string];
    }
    operation['x-error-codes'] = codes;
  }
  return document;
}
