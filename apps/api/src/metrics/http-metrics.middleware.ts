import type { NextFunction, Request, Response } from 'express';
import type { Histogram } from 'prom-client';

/**
 * Times every request and labels it with the route template Express matched
 * (`/api/v1/cases/:id`), never the raw path: ids in labels would make a series per case.
 * Requests no route matched (the console's files, unknown paths) share one label.
 */
export function httpMetricsMiddleware(histogram: Histogram<'method' | 'route' | 'status'>) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const stop = histogram.startTimer();
    response.once('finish', () => {
      const route = (request.route as { path?: unknown } | undefined)?.path;
      stop({
        method: request.method,
        route: typeof route === 'string' ? route : 'unmatched',
        status: String(response.statusCode),
      });
    });
    next();
  };
}
