/**
 * What the API accepts before any route sees a request: JSON (UTF-8) bodies of bounded size and
 * depth, text bodies only where a route says it consumes text, no control characters in strings,
 * no prototype keys. A request that breaks one of these is not answered here: its refusal is
 * attached to the request and raised by InputRefusalInterceptor inside Nest, so that it is
 * answered like every other refusal (problem JSON) and audited like every other request.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { STATUS_CODES, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { ProblemException, toProblem } from '../../../../libs/common/src/problem';
import type { ErrorCode } from '../../../../libs/domain/src/errors/error-catalogue';

/** The largest JSON body a route takes: the biggest form (a case application) is a few KB. */
export const JSON_BODY_LIMIT = '1mb';
/** The largest text body (a CSV import of the asset register). */
export const TEXT_BODY_LIMIT = '10mb';
/** How many levels of objects and arrays a body or query may nest (the forms need four). */
export const MAX_INPUT_DEPTH = 16;

/** Media types parsed as text; a route accepts them only where it declares it consumes them. */
export const TEXT_MEDIA_TYPES = ['text/csv', 'text/plain'] as const;
const JSON_MEDIA_TYPES = ['application/json', 'application/problem+json'];

/** Keys that would reach an object's prototype if copied naively; refused wherever they occur. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * C0 controls, DEL and C1 controls; tab, line feed and carriage return are ordinary text in
 * reasons and comments. Written with escapes so that the source holds no control character.
 */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

export interface InputRefusal {
  code: ErrorCode;
  message: string;
  /** Where in the input, as a dotted path (`body.application.amount`, `query.status`). */
  field?: string;
}

export type RequestWithRefusal = Request & { inputRefusal?: InputRefusal };

/**
 * The first flaw in a parsed value: nesting deeper than MAX_INPUT_DEPTH, a prototype key, or a
 * control character in a string or a key. Null when the value is clean.
 */
export function inputFlaw(value: unknown, path: string, depth = 0): InputRefusal | null {
  if (typeof value === 'string')
    return CONTROL_CHARACTER.test(value)
      ? {
          code: 'CONTROL_CHARACTER_IN_INPUT',
          message: `${path} contains a control character`,
          field: path,
        }
      : null;
  if (value === null || typeof value !== 'object') return null;
  if (depth >= MAX_INPUT_DEPTH)
    return {
      code: 'INPUT_TOO_DEEP',
      message: `${path} is nested deeper than ${MAX_INPUT_DEPTH} levels`,
      field: path,
    };
  for (const [key, child] of Object.entries(value)) {
    const childPath = Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`;
    if (PROTOTYPE_KEYS.has(key))
      return {
        code: 'VALIDATION_FAILED',
        message: `${childPath}: property ${key} should not exist`,
        field: childPath,
      };
    if (CONTROL_CHARACTER.test(key))
      return {
        code: 'CONTROL_CHARACTER_IN_INPUT',
        message: `a key of ${path} contains a control character`,
        field: path,
      };
    const flaw = inputFlaw(child, childPath, depth + 1);
    if (flaw) return flaw;
  }
  return null;
}

/** Whether the request carries a body at all (a POST without one is an empty form). */
function hasBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return (
    request.headers['transfer-encoding'] !== undefined ||
    (length !== undefined && Number(length) > 0)
  );
}

/**
 * The refusal of a body's declared media type, or null when it is one the API parses: JSON
 * or a text type, with no charset but UTF-8.
 */
export function mediaTypeRefusal(contentType: string | undefined): InputRefusal | null {
  if (!contentType)
    return {
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: 'A request body needs a Content-Type (application/json)',
    };
  const [type = '', ...parameters] = contentType.split(';').map((part) => part.trim());
  const mediaType = type.toLowerCase();
  if (
    !JSON_MEDIA_TYPES.includes(mediaType) &&
    !(TEXT_MEDIA_TYPES as readonly string[]).includes(mediaType)
  )
    return {
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: `Content-Type ${mediaType || '(empty)'} is not accepted; send application/json`,
    };
  for (const parameter of parameters) {
    const [name = '', value = ''] = parameter.split('=').map((part) => part.trim());
    if (name.toLowerCase() !== 'charset') continue;
    const charset = value.replace(/^"|"$/g, '').toLowerCase();
    if (charset !== 'utf-8' && charset !== 'utf8')
      return {
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: `charset ${charset} is not accepted; send UTF-8`,
      };
  }
  return null;
}

/** Before the parsers: a body of a media type the API does not parse is refused unread. */
export function mediaTypeGate(): RequestHandler {
  return (request: RequestWithRefusal, _response: Response, next: NextFunction) => {
    if (hasBody(request)) {
      const refusal = mediaTypeRefusal(request.headers['content-type']);
      if (refusal) {
        request.inputRefusal = refusal;
        // Leave the body unread; no parser below matches, so the route sees none.
        request.headers['content-type'] = 'application/x-refused';
      }
    }
    next();
  };
}

/**
 * After the parsers: their failures (a body over the limit, malformed JSON) become refusals
 * instead of Express's own error page.
 */
export function parserErrorGate() {
  return (
    error: { type?: string; status?: number; message?: string },
    request: RequestWithRefusal,
    _response: Response,
    next: NextFunction,
  ) => {
    request.inputRefusal = parserRefusal(error);
    request.body = undefined;
    next();
  };
}

function parserRefusal(error: { type?: string; status?: number }): InputRefusal {
  switch (error.type) {
    case 'entity.too.large':
      return { code: 'PAYLOAD_TOO_LARGE', message: 'The request body exceeds the size limit' };
    case 'entity.parse.failed':
      return { code: 'MALFORMED_JSON', message: 'The request body is not valid JSON' };
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the body as UTF-8, unencoded' };
    default:
      return { code: 'BAD_REQUEST', message: 'The request body could not be read' };
  }
}

/**
 * A control character in the decoded path: a path parameter (`/cases/%00/submit`) is an id, and
 * would otherwise reach PostgreSQL (which refuses NUL in text) or Temporal as one. A path that
 * does not decode is left to the router, which refuses it.
 */
function pathFlaw(path: string): InputRefusal | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return null;
  }
  return CONTROL_CHARACTER.test(decoded)
    ? {
        code: 'CONTROL_CHARACTER_IN_INPUT',
        message: 'The path contains a control character',
        field: 'path',
      }
    : null;
}

/** After the parsers: the path, the parsed body and query are checked for depth, keys and characters. */
export function inputGate(): RequestHandler {
  return (request: RequestWithRefusal, _response: Response, next: NextFunction) => {
    if (!request.inputRefusal) {
      const flaw =
        pathFlaw(request.path) ??
        inputFlaw(request.query, 'query') ??
        (typeof request.body === 'string'
          ? CONTROL_CHARACTER.test(request.body.replace(/^\uFEFF/, ''))
            ? {
                code: 'CONTROL_CHARACTER_IN_INPUT' as const,
                message: 'The text body contains a control character',
              }
            : null
          : inputFlaw(request.body, 'body'));
      if (flaw) request.inputRefusal = flaw;
    }
    next();
  };
}

/**
 * A request the HTTP parser itself cannot take (headers over Node's limit, a body framed both by
 * Content-Length and by chunks, a malformed request line) never reaches Express. Node would
 * answer it with an empty 400 or 431; here it gets a problem document with a stable code and a
 * Chinese detail like every other refusal. Nothing of it was read, so nothing is stored, and
 * there is no request to audit. The connection is closed: its framing cannot be trusted.
 */
export function answerParserFailures(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      socket.end('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n');
      return;
    }
    const refusal =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? new ProblemException(
            'REQUEST_HEADERS_TOO_LARGE',
            'The request line and headers exceed the size limit',
          )
        : new ProblemException('BAD_REQUEST', 'The request is not well-formed HTTP/1.1');
    const body = JSON.stringify(toProblem(refusal));
    const answer = () => {
      if (!socket.writable) {
        socket.destroy();
        return;
      }
      socket.end(
        [
          `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status] ?? ''}`,
          'Content-Type: application/problem+json; charset=utf-8',
          `Content-Length: ${Buffer.byteLength(body)}`,
          'Cache-Control: no-store',
          'X-Content-Type-Options: nosniff',
          'Connection: close',
          '',
          body,
        ].join('\r\n'),
      );
    };
    // A well-formed request before the broken bytes on the same connection is still being
    // answered: its answer goes first, or its client would never learn that it was done.
    const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
    if (inFlight && !inFlight.writableFinished) {
      let answered = false;
      const once = () => {
        if (answered) return;
        answered = true;
        answer();
      };
      inFlight.once('finish', once);
      inFlight.once('close', once);
    } else answer();
  });
}
