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
import { zhMessageFor, httpStatusFor } from '../../domain/src/error-catalogue';

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

/** Thrown by API code for an error whose status and code are known at the throw site. */
export class ProblemException extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly messageZh?: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ProblemException';
  }
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

/** Maps any error to a problem document. Exported so non-HTTP callers (tests, CLIs) can use it. */
export function toProblem(error: unknown): Problem {
  if (error instanceof ProblemException)
    return problem(error.status, error.code, error.message, error.messageZh, error.extensions);
  if (error instanceof WorkflowUpdateFailedError) {
    const cause = coded(error.cause);
    if (cause)
      return problem(httpStatusFor(cause.code, 422), cause.code, cause.message, cause.messageZh, {
        details: cause.details,
      });
  }
  if (error instanceof WorkflowExecutionAlreadyStartedError) {
    return problem(
      409,
      'CASE_ALREADY_EXISTS',
      `A case with workflow id ${error.workflowId} already exists`,
      undefined,
      { workflowId: error.workflowId },
    );
  }
  if (error instanceof WorkflowNotFoundError)
    return problem(404, 'CASE_NOT_FOUND', 'No such case', undefined);
  const domain = coded(error);
  if (domain)
    return problem(httpStatusFor(domain.code, 422), domain.code, domain.message, domain.messageZh, {
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
    if (body.status >= 500) this.logger.error({ err: error, url: request.url }, 'request failed');
    response.status(body.status).type('application/problem+json').json(body);
  }
}
