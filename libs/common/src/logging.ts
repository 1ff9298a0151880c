import type { Params } from 'nestjs-pino';
import type { AppConfig } from './config';

/**
 * Where pino writes: pino-pretty's readable lines (in a worker thread) for development or
 * LOG_FORMAT=pretty, else JSON lines on stdout for a collector.
 */
export function logTransport(config: AppConfig): { target: string; options: object } | undefined {
  if (!config.prettyLogs) return undefined;
  return {
    target: 'pino-pretty',
    options: {
      singleLine: true,
      translateTime: 'SYS:HH:MM:ss.l',
      // A request line says what was asked and answered; the headers stay in the JSON logs.
      ignore: 'pid,hostname,req,res,responseTime',
      messageFormat:
        '{msg}{if req.method} {req.method} {req.url} → {res.statusCode} in {responseTime} ms{end}',
    },
  };
}

/**
 * Structured logs (pino), JSON unless pretty is asked for (see {@link logTransport}). Every line carries the service name; request logs carry the
 * request id, and code that works on a case adds `caseId` / `workflowId` as fields.
 */
export function loggerParams(config: AppConfig, service: 'api' | 'worker'): Params {
  return {
    pinoHttp: {
      level: config.LOG_LEVEL,
      transport: logTransport(config),
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
