import type { paths } from '../../api/schema';

/**
 * The JSON body of a route's success answer, read from the generated schema, so a page's types
 * follow the API's documented shapes and a gap shows as a type error.
 */
type JsonOf<R> = R extends { content: { 'application/json': infer J } } ? J : never;

type SuccessOf<Op> = Op extends { responses: infer Rs }
  ? Rs extends { 200: infer R }
    ? JsonOf<R>
    : Rs extends { 201: infer R }
      ? JsonOf<R>
      : never
  : never;

export type GetAnswer<P extends keyof paths> = paths[P] extends { get: infer Op }
  ? SuccessOf<Op>
  : never;

export type PostAnswer<P extends keyof paths> = paths[P] extends { post: infer Op }
  ? SuccessOf<Op>
  : never;
