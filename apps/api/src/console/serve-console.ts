import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Paths the API answers itself; everything else the console's router resolves in the browser. */
const SERVER_PATHS = /^\/(api|docs|health|metrics)(\/|$)/;

/**
 * Serves the built web console (`npm run build:console` writes dist/console) at `/`: its files
 * as they are, and index.html for any other GET outside the API, so that a deep link such as
 * /cases/SHCB-2026-000001 opens the page. Without a build the API runs alone.
 */
export function serveConsole(app: NestExpressApplication, directory = consoleDirectory()): void {
  const index = join(directory, 'index.html');
  if (!existsSync(index)) return;
  app.use(
    express.static(directory, {
      index: false,
      // Hashed bundle names change with their content; index.html itself is never cached.
      setHeaders: (response, path) => {
        if (path.includes(`${join(directory, 'assets')}`))
          response.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      },
    }),
  );
  app.use((request: Request, response: Response, next: NextFunction) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || SERVER_PATHS.test(request.path))
      return next();
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(index);
  });
}

function consoleDirectory(): string {
  return process.env.CONSOLE_DIR ?? join(process.cwd(), 'dist', 'console');
}
