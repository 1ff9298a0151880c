import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

/** A refusal as the API answers it (RFC 7807 with a stable code and the Chinese message). */
export interface Problem {
  status: number;
  code: string;
  title?: string;
  detail: string;
  detailZh: string;
  [extension: string]: unknown;
}

export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
    this.name = 'ProblemError';
  }
}

interface ClientHooks {
  token(): string | null;
  language(): string;
  /** The session ended (401 on a signed-in request): back to the sign-in page. */
  onUnauthorised(): void;
}

let hooks: ClientHooks = {
  token: () => null,
  language: () => 'zh-CN',
  onUnauthorised: () => undefined,
};

export function configureClient(next: ClientHooks): void {
  hooks = next;
}

const session: Middleware = {
  onRequest({ request }) {
    const token = hooks.token();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    request.headers.set('Accept-Language', hooks.language());
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && request.headers.has('Authorization')) hooks.onUnauthorised();
    return response;
  },
};

/** The typed client: paths, parameters and bodies come from the generated OpenAPI schema. */
export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(session);

/** The data of an answer, or a ProblemError carrying the server's refusal. */
export function unwrap<T>(result: {
  data?: T;
  error?: unknown;
  response: Response;
}): Exclude<T, undefined> {
  if (result.response.ok) return result.data as Exclude<T, undefined>;
  throw new ProblemError(asProblem(result.error, result.response.status));
}

function asProblem(body: unknown, status: number): Problem {
  if (body && typeof body === 'object' && 'code' in body) return { status, ...body } as Problem;
  return {
    status,
    code: 'HTTP_' + status,
    detail: `The request failed (HTTP ${status})`,
    detailZh: `请求失败（HTTP ${status}）`,
  };
}
