import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  Logger,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { concatMap, from, type Observable, throwError, catchError } from 'rxjs';
import { AuditLog, type AuditEntryInput } from '../../../../libs/audit/src/audit-log';
import { normaliseJson, redactSecrets } from '../../../../libs/audit/src/canonical';
import type { AuthenticatedUser } from '../../../../libs/auth/src/auth.types';
import { toProblem } from '../../../../libs/common/src/problem';
import { AUDIT_SUBJECT, NOT_AUDITED, type AuditSubjectSpec } from './audit.decorators';
import type { RequestWithRefusal } from '../common/request-hygiene';
import { appendDurably } from './durable-append';
import { requestKeyOf, withRequestKey } from './request-key';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface Outcome {
  status: number;
  /** The problem code when the request was refused. */
  code?: string;
}

/**
 * Every human action in the audit log: one entry per mutating request of an authenticated
 * user, and per refused read, written once the outcome is known and before the response
 * leaves (or the response is 503: see appendDurably), with the actor,
 * route, parameters, the body (secrets blanked) and the outcome (status, and the code of a
 * refusal). Requests the auth guard turns away never reach an interceptor: the guard hands
 * them to {@link AuditedGuardRefusals}, which writes the same entry.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger('AuditInterceptor');

  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditLog,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request & { user?: AuthenticatedUser }>();
    const targets = [context.getHandler(), context.getClass()];
    if (!request.user || this.reflector.getAllAndOverride<boolean>(NOT_AUDITED, targets))
      return next.handle();
    const subject = this.reflector.getAllAndOverride<AuditSubjectSpec | undefined>(
      AUDIT_SUBJECT,
      targets,
    );
    const response = context.switchToHttp().getResponse<Response>();
    const user = request.user;
    const key = requestKeyOf(request, user.userId);
    const record = (result: unknown, outcome: Outcome) =>
      appendDurably(this.audit, {
        ...apiRequestEntry(request, user, subject, result, outcome),
        // One entry per key and outcome: a retry that ends the same way is the same entry, but
        // a refusal (a reused key, a step not yet allowed) never stands in for the success of
        // a later attempt under the same key, nor a success for a refusal.
        sourceKey: outcome.code ? `api-request:${key}:${outcome.code}` : `api-request:${key}`,
      });
    // A refusal is recorded before it is answered; when the database is itself the reason
    // (503) nothing happened and the entry is tried once, without waiting.
    const recordFailure = (error: unknown) => {
      const problem = toProblem(error);
      const outcome = { status: problem.status, code: problem.code };
      const written =
        problem.status === 503
          ? this.audit.append(apiRequestEntry(request, user, subject, undefined, outcome)).then(
              () => undefined,
              (appendError: unknown) => this.logUnwritten(request, user, outcome, appendError),
            )
          : record(undefined, outcome);
      return from(written).pipe(concatMap(() => throwError(() => error)));
    };
    // The handler runs under the request's key, which names the workflow Update it sends.
    const handled = withRequestKey(key, () => next.handle());
    // A read is recorded only when it is refused (a filter outside the caller's scope, a case
    // it may not see): every refusal has its entry, an answered read has none.
    if (!MUTATING.has(request.method))
      return handled.pipe(
        catchError((error: unknown) => {
          const status = toProblem(error).status;
          return status < 400 || status >= 500 ? throwError(() => error) : recordFailure(error);
        }),
      );
    // The entry is written before the answer leaves, or the answer is 503 (appendDurably): a
    // 2xx never goes out without its entry.
    return handled.pipe(
      catchError(recordFailure),
      concatMap(async (result: unknown) => {
        await record(result, { status: response.statusCode });
        return result;
      }),
    );
  }

  private logUnwritten(
    request: Request,
    user: AuthenticatedUser,
    outcome: Outcome,
    error: unknown,
  ): void {
    this.logger.warn(
      { err: error, method: request.method, path: request.path, user: user.username, outcome },
      'database away: the entry of a request answered 503 was not written',
    );
  }
}

/**
 * The `API_REQUEST` entry of a request: actor, route, parameters, query and body with secrets
 * blanked, outcome. Without an actor (a request without a valid token) the entry has no body
 * (an unknown caller's input is not kept) and records the caller's address instead.
 */
export function apiRequestEntry(
  request: Request,
  user: AuthenticatedUser | null,
  subject: AuditSubjectSpec | undefined,
  result: unknown,
  outcome: Outcome,
): AuditEntryInput {
  const route = (request.route as { path?: string } | undefined)?.path ?? request.path;
  const params = { ...(request.params as Record<string, string>) };
  const subjectId = user ? subject?.id({ params, body: request.body, user }, result) : undefined;
  return {
    actor: user,
    action: 'API_REQUEST',
    subjectType: subject && user ? subject.type : 'ROUTE',
    subjectId: subject && user ? (subjectId ?? 'UNKNOWN') : `${request.method} ${route}`,
    payload: {
      method: request.method,
      route,
      path: request.path,
      params,
      query: redactSecrets(normaliseJson(request.query)),
      ...(user ? { body: bodyOf(request) } : { ip: request.ip ?? null }),
      outcome,
    },
  };
}

/**
 * A JSON body with its secrets blanked; a text body (CSV), or a body refused for its shape
 * (nested too deep to store as jsonb, control characters), by size and digest: the entry must
 * always be writable, since the answer now waits for it.
 */
function bodyOf(request: Request): unknown {
  const body: unknown = request.body;
  if (body === undefined || body === null) return null;
  if (typeof body !== 'string' && !(request as RequestWithRefusal).inputRefusal) {
    try {
      return redactSecrets(normaliseJson(body));
    } catch {
      // Not plain JSON data: kept by digest below.
    }
  }
  const text = typeof body === 'string' ? body : safeStringify(body);
  return {
    contentType: request.headers['content-type'] ?? null,
    bytes: Buffer.byteLength(text, 'utf8'),
    sha256: createHash('sha256').update(text, 'utf8').digest('hex'),
  };
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}
