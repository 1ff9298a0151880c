import {
  type ArgumentsHost,
  BadRequestException,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import type { Response } from 'express';
import { ERROR_CATALOGUE, type ErrorCode, zhMessageFor } from '../../domain/src/errors';
import { httpStatusFor } from './http-status';

/** RFC 7807 problem document with a stable machine-readable `code` and a Chinese message. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  detailZh: string;
  instance?: string;
  [extension: string]: unknown;
}

export interface ProblemOptions {
  /** Chinese detail; the catalogue's Chinese message when absent. */
  messageZh?: string;
  /** Extra members of the problem document (`details`, `current`, …). */
  extensions?: Record<string, unknown>;
  /**
   * Only where one code is answered with two statuses today: ASSET_NOT_FOUND is 422 as a
   * refused pre-filing check and 404 from the asset register's own lookup. Everywhere else the
   * status comes from the code.
   */
  status?: number;
}

/** Thrown by API code for a known error; its HTTP status is the code's (`libs/common/src/http-status.ts`). */
export class ProblemException extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly messageZh?: string;
  readonly extensions: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options?: ProblemOptions);
  constructor(...args: ProblemArguments) {
    const [code, message, options] = currentForm(args);
    super(message);
    this.name = 'ProblemException';
    this.code = code;
    this.status = options.status ?? httpStatusFor(code);
    this.messageZh = options.messageZh;
    this.extensions = options.extensions ?? {};
  }
}

type CurrentArguments = [code: ErrorCode, message: string, options?: ProblemOptions];
type ProblemArguments = CurrentArguments;

function currentForm([code, message, options]: ProblemArguments): [
  ErrorCode,
  string,
  ProblemOptions,
] {
  return [code, message, options ?? {}];
}

/**
 * The subject a missing workflow stood for, by the prefix of its id (`loanCaseWorkflowId`,
 * `disposalWorkflowId`, `subsidyClaimWorkflowId` in the processes' `*.shared.ts`; libs/common
 * sits below the workflows, so problem.spec.ts checks these prefixes against those functions).
 */
const MISSING_WORKFLOW_CODES: readonly { prefix: string; code: ErrorCode }[] = [
  { prefix: 'loan-case-', code: 'CASE_NOT_FOUND' },
  { prefix: 'disposal-', code: 'DISPOSAL_NOT_FOUND' },
  { prefix: 'subsidy-claim-', code: 'CLAIM_NOT_FOUND' },
];

/** The not-found code of a workflow id: its subject's own, CASE_NOT_FOUND for any other id. */
export function notFoundCodeFor(workflowId: string): ErrorCode {
  return (
    MISSING_WORKFLOW_CODES.find(({ prefix }) => workflowId.startsWith(prefix))?.code ??
    'CASE_NOT_FOUND'
  );
}

function problem(
  status: number,
  code: string,
  detail: string,
  detailZh: string | undefined,
  extensions: Record<string, unknown> = {},
): Problem {
  // Extensions first: they add members but never shadow the standard ones (status above all).
  return {
    ...extensions,
    type: `https://ip-pledge.example/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: code,
    status,
    code,
    detail,
    detailZh: detailZh ?? zhMessageFor(code) ?? detail,
  };
}

/** A failure that carries a domain code: DomainError in-process, ApplicationFailure across Temporal. */
function coded(
  error: unknown,
): { code: string; message: string; details: Record<string, unknown>; messageZh?: string } | null {
  if (error instanceof ApplicationFailure && error.type) {
    const first = (error.details?.[0] ?? {}) as Record<string, unknown>;
    return {
      code: error.type,
      message: error.message,
      details: first,
      messageZh: typeof first.messageZh === 'string' ? first.messageZh : undefined,
    };
  }
  if (error instanceof Error && error.name === 'DomainError' && 'code' in error) {
    const e = error as Error & {
      code: string;
      details?: Record<string, unknown>;
      messageZh?: string;
    };
    return { code: e.code, message: e.message, details: e.details ?? {}, messageZh: e.messageZh };
  }
  return null;
}

/** Seconds a client is told to wait (`Retry-After`) when the database is away. */
export const DATABASE_RETRY_AFTER_SECONDS = 2;

/** SQLSTATEs of a database that is going away, starting up, or unreachable. */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[1-3]|53300)$/;
const UNAVAILABLE_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
]);
const RELEASED_RUNNER = new Set([
  'QueryRunnerAlreadyReleasedError',
  'QueryRunnerProviderAlreadyReleasedError',
]);
/** node-postgres and pg-pool say these in words only. */
const UNAVAILABLE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection closed|terminating connection/i;

/**
 * Whether an error means the database cannot be reached now (a restart, a failover, a full
 * pool), as opposed to a query that is wrong. TypeORM wraps the driver's error (`driverError`),
 * pg-pool and our own code may wrap it again (`cause`), so the chain is walked.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const e = current as {
      code?: unknown;
      message?: unknown;
      driverError?: unknown;
      cause?: unknown;
    };
    if (
      typeof e.code === 'string' &&
      (UNAVAILABLE_SQLSTATE.test(e.code) || UNAVAILABLE_ERRNO.has(e.code))
    )
      return true;
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return true;
    // TypeORM's answers to a query on a transaction whose connection the server just closed.
    if (current instanceof Error && RELEASED_RUNNER.has(current.name)) return true;
    if (current instanceof AggregateError && current.errors.some(isDatabaseUnavailable))
      return true;
    current = e.driverError ?? e.cause;
  }
  return false;
}

/** The answer while the database is away: 503, a stable code, and when to try again. */
export function serviceUnavailable(detail?: string): ProblemException {
  return new ProblemException(
    'SERVICE_UNAVAILABLE',
    detail ?? ERROR_CATALOGUE.SERVICE_UNAVAILABLE.en,
    { extensions: { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS } },
  );
}

/** Maps any error to a problem document. Exported so non-HTTP callers (tests, CLIs) can use it. */
export function toProblem(error: unknown): Problem {
  if (error instanceof ProblemException)
    return problem(error.status, error.code, error.message, error.messageZh, error.extensions);
  if (error instanceof WorkflowUpdateFailedError) {
    const cause = coded(error.cause);
    if (cause)
      return problem(httpStatusFor(cause.code), cause.code, cause.message, cause.messageZh, {
        details: cause.details,
      });
  }
  if (error instanceof WorkflowExecutionAlreadyStartedError) {
    return problem(
      httpStatusFor('CASE_ALREADY_EXISTS'),
      'CASE_ALREADY_EXISTS',
      `A case with workflow id ${error.workflowId} already exists`,
      undefined,
      { workflowId: error.workflowId },
    );
  }
  if (error instanceof WorkflowNotFoundError) {
    const code = notFoundCodeFor(error.workflowId);
    return problem(httpStatusFor(code), code, ERROR_CATALOGUE[code].en, undefined);
  }
  const domain = coded(error);
  if (domain)
    return problem(httpStatusFor(domain.code), domain.code, domain.message, domain.messageZh, {
      details: domain.details,
    });
  if (error instanceof BadRequestException) {
    const body = error.getResponse() as { message?: unknown; code?: string; errors?: unknown };
    if (body.code)
      return problem(400, body.code, String(body.message ?? 'Bad request'), undefined, {
        errors: body.errors,
      });
    return problem(
      400,
      'BAD_REQUEST',
      Array.isArray(body.message) ? body.message.join('; ') : String(body.message ?? 'Bad request'),
      undefined,
    );
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = HttpStatus[status] ?? 'HTTP_ERROR';
    return problem(status, code, error.message, undefined);
  }
  if (isDatabaseUnavailable(error)) {
    const unavailable = serviceUnavailable();
    return problem(503, unavailable.code, unavailable.message, undefined, unavailable.extensions);
  }
  return problem(500, 'INTERNAL_ERROR', 'Internal error', '系统内部错误');
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const response = context.getResponse<Response>();
    const request = context.getRequest<{ url: string }>();
    const body = toProblem(error);
    body.instance = request.url;
    if (body.status >= 500 && body.status !== 503)
      this.logger.error({ err: error, url: request.url }, 'request failed');
    if (body.status === 503) {
      this.logger.warn({ err: error, url: request.url }, 'database unavailable; answered 503');
      response.setHeader(
        'Retry-After',
        String(body.retryAfterSeconds ?? DATABASE_RETRY_AFTER_SECONDS),
      );
    }
    response.status(body.status).type('application/problem+json').json(body);
  }
}
