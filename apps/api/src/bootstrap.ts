import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '../../../libs/common/src/config';
import { ApiModule } from './api.module';
import { serveConsole } from './console/serve-console';
import {
  answerParserFailures,
  inputGate,
  JSON_BODY_LIMIT,
  mediaTypeGate,
  parserErrorGate,
  TEXT_BODY_LIMIT,
  TEXT_MEDIA_TYPES,
} from './common/request-hygiene';
import { validationPipe } from './common/validation';

/** Builds the HTTP application (used by main.ts and by the API tests). */
export async function createApiApp(
  options: { logs?: boolean } = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule, {
    bufferLogs: true,
    abortOnError: false,
    // The parsers are registered below, in order, between the request gates.
    bodyParser: false,
  });
  if (options.logs !== false) app.useLogger(app.get(Logger));
  else app.useLogger(false);
  const config = app.get(AppConfig);
  answerParserFailures(app.getHttpServer());
  secureTransport(app, config);
  app.use(mediaTypeGate());
  app.use(
    express.json({
      limit: JSON_BODY_LIMIT,
      type: ['application/json', 'application/problem+json'],
    }),
  );
  app.use(express.text({ type: [...TEXT_MEDIA_TYPES], limit: TEXT_BODY_LIMIT }));
  app.use(parserErrorGate());
  app.use(inputGate());
  app.useGlobalPipes(validationPipe());
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('IP-pledge financing workflow engine')
      .setDescription(
        '知识产权质押融资: one durable, auditable case per loan. Money is yuan as decimal strings; dates are YYYY-MM-DD (Asia/Shanghai).',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  serveConsole(app);
  return app;
}

export async function listen(app: NestExpressApplication): Promise<string> {
  const config = app.get(AppConfig);
  await app.listen(config.API_PORT, config.API_HOST);
  return app.getUrl();
}

/**
 * Headers for every response: helmet's set with a policy that fits the console (scripts and
 * styles from this origin; the component library injects styles at run time), no caching of
 * any API answer, HSTS only when the request came over TLS (directly or through a trusted
 * proxy), and CORS only for the configured origins.
 */
function identityProviderOrigin(config: AppConfig): string[] {
  if (!config.OIDC_ISSUER || !config.OIDC_CONSOLE_CLIENT_ID) return [];
  return [new URL(config.OIDC_ISSUER).origin];
}

function secureTransport(app: NestExpressApplication, config: AppConfig): void {
  app.disable('x-powered-by');
  if (config.TRUST_PROXY) app.set('trust proxy', config.TRUST_PROXY);
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'", 'data:'],
          // The console trades its sign-in code at the identity provider (production sign-in).
          connectSrc: ["'self'", ...identityProviderOrigin(config)],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
      strictTransportSecurity: false,
    }),
  );
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (request.secure)
      response.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    if (request.path.startsWith('/api/')) response.setHeader('Cache-Control', 'no-store');
    next();
  });
  const origins = config.corsOrigins;
  if (origins.length > 0)
    app.enableCors({
      origin: origins,
      methods: ['GET', 'POST', 'PUT', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
      maxAge: 600,
    });
}
