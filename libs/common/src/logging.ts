import type { Params } from 'nestjs-pino';
import type { AppConfig } from './config';

/**
 * Structured JSON logs (pino). Every line carries the service name; request logs carry the
 * request id, and code that works on a case adds `caseId` / `workflowId` as fields.
 */
export function loggerParams(config: AppConfig, service: 'api' | 'worker'): Params {
  return {
    pinoHttp: {
      level: config.LOG_LEVEL,
      base: { service },
      redact: ['req.headers.authorization'],
      autoLogging: service === 'api',
      customProps: (req) => {
        const params = (req as { params?: Record<string, string> }).params ?? {};
        return params.id ? { caseId: params.id } : {};
      },
    },
  };
}
