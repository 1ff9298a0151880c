import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '../../../libs/common/src/config';
import { ApiModule } from './api.module';
import { validationPipe } from './common/validation';

/** Builds the HTTP application (used by main.ts and by the API tests). */
export async function createApiApp(
  options: { logs?: boolean } = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule, {
    bufferLogs: true,
    abortOnError: false,
  });
  if (options.logs !== false) app.useLogger(app.get(Logger));
  else app.useLogger(false);
  app.useBodyParser('text', { type: ['text/csv', 'text/plain'], limit: '10mb' });
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
  return app;
}

export async function listen(app: NestExpressApplication): Promise<string> {
  const config = app.get(AppConfig);
  await app.listen(config.API_PORT, config.API_HOST);
  return app.getUrl();
}
