import { plainToInstance, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

/** Tokens live at most 8 hours (a working day), whatever the configuration asks. */
export const MAX_TOKEN_LIFETIME_SECONDS = 8 * 60 * 60;
const DEVELOPMENT_JWT_SECRET = 'development-only-secret-change-me';
const MIN_JWT_SECRET_LENGTH = 32;

/**
 * The whole configuration surface of the API and the worker. Every variable is read here once,
 * validated at start-up, and injected through @nestjs/config; nothing else reads process.env.
 */
export class AppConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  /**
   * The API and the worker connect with this URL, as the application role `ippledge_app`,
   * which cannot change or delete audit entries.
   */
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://ippledge_app@127.0.0.1:5432/ip_pledge';

  /**
   * Migrations and the seed connect with this URL, as the owner of the schema. By default the
   * server and database of DATABASE_URL, as the local superuser `postgres`.
   */
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_OWNER_URL must be a postgres:// URL' })
  @IsOptional()
  DATABASE_OWNER_URL?: string;

  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379/0';

  /** Key prefix for BullMQ, so that tests and several installations can share one Redis. */
  @IsString()
  @MinLength(1)
  QUEUE_PREFIX = 'ippledge';

  @IsString()
  @MinLength(3)
  TEMPORAL_ADDRESS = '127.0.0.1:7233';

  @IsString()
  TEMPORAL_NAMESPACE = 'default';

  @IsString()
  @MinLength(1)
  TEMPORAL_TASK_QUEUE = 'ip-pledge';

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  API_PORT = 3000;

  @IsString()
  API_HOST = '127.0.0.1';

  @IsString()
  @IsOptional()
  JWT_SECRET?: string;

  /** Lifetime of the tokens the API issues, in seconds: at most 8 hours, lower if configured. */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(MAX_TOKEN_LIFETIME_SECONDS)
  JWT_TTL_SECONDS = MAX_TOKEN_LIFETIME_SECONDS;

  /**
   * An external identity provider's key set (RS256/ES256 tokens): when set, its tokens are
   * accepted beside the API's own, their subject mapped to a directory user.
   */
  @IsString()
  @IsOptional()
  OIDC_JWKS_URL?: string;

  /** The `iss` the provider's tokens must carry (required with OIDC_JWKS_URL). */
  @IsString()
  @IsOptional()
  OIDC_ISSUER?: string;

  /** The `aud` the provider's tokens must carry (required with OIDC_JWKS_URL). */
  @IsString()
  @IsOptional()
  OIDC_AUDIENCE?: string;

  /** The web console's client id at the identity provider (production sign-in with PKCE). */
  @IsString()
  @IsOptional()
  OIDC_CONSOLE_CLIENT_ID?: string;

  /** After the provider rotates its keys, an unknown key id refetches the set at most this often. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  OIDC_JWKS_REFETCH_SECONDS = 30;

  /** Sign-in attempts per minute, per client address and per user name. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_LOGIN_PER_MINUTE = 10;

  /** Writes (POST, PUT, PATCH, DELETE) per minute per user. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_WRITES_PER_MINUTE = 300;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Temporal UI address, only printed and linked, never called. */
  @IsString()
  TEMPORAL_UI_URL = 'http://127.0.0.1:8233';

  /** Prebuilt workflow bundle (see scripts/bundle-workflows.js); bundled at start when absent. */
  @IsString()
  @IsOptional()
  WORKFLOW_BUNDLE_PATH?: string;

  /**
   * Browser origins allowed to call the API from another origin (comma-separated). Empty: no
   * cross-origin access; the console is served by the API itself.
   */
  @IsString()
  CORS_ORIGINS = '';

  /**
   * Express's `trust proxy` for a TLS-terminating proxy in front of the API (`loopback`, a
   * subnet, a hop count); empty trusts none. It decides whether a request counts as secure.
   */
  @IsString()
  TRUST_PROXY = '';

  /** Whether this worker makes sure the nightly close-of-business Schedule exists. */
  @IsIn(['true', 'false'])
  ENSURE_SCHEDULES = 'true';

  /** SMTP server for e-mail notifications (`smtp://user:pass@host:port`); unset: no e-mail. */
  @Matches(/^smtps?:\/\//, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  @IsOptional()
  SMTP_URL?: string;

  /** The sender of notification e-mails. */
  @IsString()
  SMTP_FROM = 'IP Pledge <noreply@ip-pledge.local>';

  /** The SMS gateway's HTTP endpoint (POST JSON `{to, text, reference}`); unset: no SMS. */
  @Matches(/^https?:\/\//, { message: 'SMS_GATEWAY_URL must be an http(s):// URL' })
  @IsOptional()
  SMS_GATEWAY_URL?: string;

  /** Bearer token for the SMS gateway, if it wants one. */
  @IsString()
  @IsOptional()
  SMS_GATEWAY_TOKEN?: string;

  /** Event types that also go out by SMS (comma-separated). */
  @IsString()
  NOTIFY_SMS_EVENT_TYPES = 'TASK_CREATED,TASK_LATE';

  /** How often the worker's dispatcher claims undispatched outbox events. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  NOTIFY_DISPATCH_INTERVAL_MS = 1000;

  /** How often pending deliveries are queued again (after a Redis loss, their jobs are gone). */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  NOTIFY_SWEEP_INTERVAL_MS = 30000;

  /** Delay before the second attempt of a failed delivery; doubled after each failure. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  NOTIFY_RETRY_BASE_MS = 30000;

  /** Longest delay between two attempts. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  NOTIFY_RETRY_MAX_MS = 3600000;

  /** Failed attempts after which a delivery is dead-lettered (replayed by an administrator). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  NOTIFY_MAX_ATTEMPTS = 8;

  /** Time limit of one webhook, SMS or e-mail attempt. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  NOTIFY_HTTP_TIMEOUT_MS = 10000;

  /** The worker's /metrics and /health port; 0 serves neither. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  METRICS_PORT = 9464;

  /** The address the worker's metrics port binds: all interfaces, so probes and scrapers reach it. */
  @IsString()
  METRICS_HOST = '0.0.0.0';

  /**
   * Where the Temporal SDK's own Prometheus exporter listens (on 127.0.0.1 only): the worker's
   * /metrics fetches it and appends it. Default METRICS_PORT + 1.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  @IsOptional()
  TEMPORAL_METRICS_PORT?: number;

  /** Log lines: `pretty` for people, `json` for collectors; unset: pretty in development only. */
  @IsIn(['json', 'pretty'])
  @IsOptional()
  LOG_FORMAT?: 'json' | 'pretty';

  get databaseOwnerUrl(): string {
    if (this.DATABASE_OWNER_URL) return this.DATABASE_OWNER_URL;
    const owner = new URL(this.DATABASE_URL);
    owner.username = 'postgres';
    owner.password = '';
    return owner.toString();
  }

  get corsOrigins(): string[] {
    return this.CORS_ORIGINS.split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin.length > 0);
  }

  get smsEventTypes(): string[] {
    if (!this.SMS_GATEWAY_URL) return [];
    return this.NOTIFY_SMS_EVENT_TYPES.split(',')
      .map((type) => type.trim())
      .filter((type) => type.length > 0);
  }

  /** The port of the Temporal SDK's exporter, or null when the worker serves no metrics. */
  get temporalMetricsPort(): number | null {
    if (this.METRICS_PORT === 0) return null;
    return this.TEMPORAL_METRICS_PORT ?? this.METRICS_PORT + 1;
  }

  get prettyLogs(): boolean {
    return (this.LOG_FORMAT ?? (this.NODE_ENV === 'development' ? 'pretty' : 'json')) === 'pretty';
  }

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }

  /** Outside development the secret must be given; in development a fixed one is used. */
  get jwtSecret(): string {
    return this.JWT_SECRET ?? DEVELOPMENT_JWT_SECRET;
  }
}

const CONFIG_KEYS = [
  'NODE_ENV',
  'DATABASE_URL',
  'DATABASE_OWNER_URL',
  'REDIS_URL',
  'QUEUE_PREFIX',
  'TEMPORAL_ADDRESS',
  'TEMPORAL_NAMESPACE',
  'TEMPORAL_TASK_QUEUE',
  'API_PORT',
  'API_HOST',
  'JWT_SECRET',
  'LOG_LEVEL',
  'TEMPORAL_UI_URL',
  'WORKFLOW_BUNDLE_PATH',
  'ENSURE_SCHEDULES',
  'CORS_ORIGINS',
  'TRUST_PROXY',
  'JWT_TTL_SECONDS',
  'OIDC_JWKS_URL',
  'OIDC_ISSUER',
  'OIDC_AUDIENCE',
  'OIDC_JWKS_REFETCH_SECONDS',
  'OIDC_CONSOLE_CLIENT_ID',
  'RATE_LIMIT_LOGIN_PER_MINUTE',
  'RATE_LIMIT_WRITES_PER_MINUTE',
  'SMTP_URL',
  'SMTP_FROM',
  'SMS_GATEWAY_URL',
  'SMS_GATEWAY_TOKEN',
  'NOTIFY_SMS_EVENT_TYPES',
  'NOTIFY_DISPATCH_INTERVAL_MS',
  'NOTIFY_SWEEP_INTERVAL_MS',
  'NOTIFY_RETRY_BASE_MS',
  'NOTIFY_RETRY_MAX_MS',
  'NOTIFY_MAX_ATTEMPTS',
  'NOTIFY_HTTP_TIMEOUT_MS',
  'METRICS_PORT',
  'METRICS_HOST',
  'TEMPORAL_METRICS_PORT',
  'LOG_FORMAT',
] as const;

/** Validates raw environment variables; a bad value stops start-up with every problem listed. */
export function validateConfig(raw: Record<string, unknown>): AppConfig {
  const config = plainToInstance(AppConfig, raw, {
    enableImplicitConversion: true,
    excludeExtraneousValues: false,
  });
  const errors = validateSync(config, { skipMissingProperties: false, forbidUnknownValues: false });
  if (
    config.NODE_ENV !== 'development' &&
    (!config.JWT_SECRET ||
      config.JWT_SECRET.length < MIN_JWT_SECRET_LENGTH ||
      config.JWT_SECRET === DEVELOPMENT_JWT_SECRET)
  ) {
    throw new Error(
      `Invalid configuration: outside development JWT_SECRET must be set, not the development default, and at least ${MIN_JWT_SECRET_LENGTH} characters`,
    );
  }
  if (config.OIDC_JWKS_URL && (!config.OIDC_ISSUER || !config.OIDC_AUDIENCE)) {
    throw new Error('Invalid configuration: OIDC_JWKS_URL needs OIDC_ISSUER and OIDC_AUDIENCE');
  }
  if (errors.length > 0) {
    const lines = errors.map(
      (e) => `${e.property}: ${Object.values(e.constraints ?? {}).join(', ')}`,
    );
    throw new Error(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return config;
}

/** Reads the validated configuration straight from the environment (scripts and CLIs). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw: Record<string, unknown> = {};
  for (const key of CONFIG_KEYS) {
    if (env[key] !== undefined && env[key] !== '') raw[key] = env[key];
  }
  return validateConfig(raw);
}
