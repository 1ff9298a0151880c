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

  /**
   * Prebuilt workflow bundle (see scripts/bundle-workflows.js). Outside production the worker
   * bundles the workflows at start when it is absent; a production worker requires it.
   */
  @IsString()
  @IsOptional()
  WORKFLOW_BUNDLE_PATH?: string;

  // Worker tuning: unset leaves the SDK's default, which depends on the others (see workerTuning).

  /** Workflow task slots (SDK default 40). */
  @Type(() => Number)
  @IsInt({ message: 'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS must be a whole number' })
  @Min(2, { message: 'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS must be at least 2' })
  @IsOptional()
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS?: number;

  /** Activity slots (SDK default 100). */
  @Type(() => Number)
  @IsInt({ message: 'WORKER_MAX_CONCURRENT_ACTIVITIES must be a whole number' })
  @Min(1, { message: 'WORKER_MAX_CONCURRENT_ACTIVITIES must be at least 1' })
  @IsOptional()
  WORKER_MAX_CONCURRENT_ACTIVITIES?: number;

  /** Sticky cache size in workflows; 0 turns the cache off (SDK default from the heap size). */
  @Type(() => Number)
  @IsInt({ message: 'WORKER_MAX_CACHED_WORKFLOWS must be a whole number' })
  @Min(0, { message: 'WORKER_MAX_CACHED_WORKFLOWS must be 0 or more' })
  @IsOptional()
  WORKER_MAX_CACHED_WORKFLOWS?: number;

  /** Concurrent workflow task polls (SDK default min(10, workflow task slots)). */
  @Type(() => Number)
  @IsInt({ message: 'WORKER_WORKFLOW_TASK_POLLERS must be a whole number' })
  @Min(2, { message: 'WORKER_WORKFLOW_TASK_POLLERS must be at least 2' })
  @IsOptional()
  WORKER_WORKFLOW_TASK_POLLERS?: number;

  /** Concurrent activity task polls (SDK default min(10, activity slots)). */
  @Type(() => Number)
  @IsInt({ message: 'WORKER_ACTIVITY_TASK_POLLERS must be a whole number' })
  @Min(1, { message: 'WORKER_ACTIVITY_TASK_POLLERS must be at least 1' })
  @IsOptional()
  WORKER_ACTIVITY_TASK_POLLERS?: number;

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

  /** How often the worker queues again the exports that may have no job in Redis. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  EXPORT_SWEEP_INTERVAL_MS = 30000;

  /** How long an export may stay QUEUED before the sweep queues it again (a no-op if queued). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  EXPORT_REQUEUE_AFTER_MS = 60000;

  /** The lease of a running export, renewed while it renders; a lapsed lease means its worker died. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  EXPORT_LEASE_MS = 60000;

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

  /** The tuning variables that are set, as Worker.create options; unset ones stay SDK defaults. */
  get workerTuning(): WorkerTuning {
    const tuning: WorkerTuning = {};
    if (this.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS !== undefined)
      tuning.maxConcurrentWorkflowTaskExecutions = this.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS;
    if (this.WORKER_MAX_CONCURRENT_ACTIVITIES !== undefined)
      tuning.maxConcurrentActivityTaskExecutions = this.WORKER_MAX_CONCURRENT_ACTIVITIES;
    if (this.WORKER_MAX_CACHED_WORKFLOWS !== undefined)
      tuning.maxCachedWorkflows = this.WORKER_MAX_CACHED_WORKFLOWS;
    // The SDK (1.13) ignores maxConcurrent*TaskPolls; a poller behaviour is what it reads.
    if (this.WORKER_WORKFLOW_TASK_POLLERS !== undefined)
      tuning.workflowTaskPollerBehavior = {
        type: 'simple-maximum',
        maximum: this.WORKER_WORKFLOW_TASK_POLLERS,
      };
    if (this.WORKER_ACTIVITY_TASK_POLLERS !== undefined)
      tuning.activityTaskPollerBehavior = {
        type: 'simple-maximum',
        maximum: this.WORKER_ACTIVITY_TASK_POLLERS,
      };
    return tuning;
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

/** Worker.create options the tuning variables map to (the SDK's own names). */
export interface WorkerTuning {
  maxConcurrentWorkflowTaskExecutions?: number;
  maxConcurrentActivityTaskExecutions?: number;
  maxCachedWorkflows?: number;
  workflowTaskPollerBehavior?: { type: 'simple-maximum'; maximum: number };
  activityTaskPollerBehavior?: { type: 'simple-maximum'; maximum: number };
}

/** SDK defaults the cross-checks compare against when a variable is unset. */
const SDK_DEFAULT_WORKFLOW_TASK_SLOTS = 40;
const SDK_DEFAULT_ACTIVITY_SLOTS = 100;

/**
 * Combinations the SDK would silently change (it lowers the slots to the cache size and clamps
 * pollers) are refused instead, so that the running worker is the one configured.
 */
function workerTuningProblems(config: AppConfig): string[] {
  const problems: string[] = [];
  const workflowSlots =
    config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS ?? SDK_DEFAULT_WORKFLOW_TASK_SLOTS;
  const activitySlots = config.WORKER_MAX_CONCURRENT_ACTIVITIES ?? SDK_DEFAULT_ACTIVITY_SLOTS;
  const cache = config.WORKER_MAX_CACHED_WORKFLOWS;
  if (cache === 1)
    problems.push('WORKER_MAX_CACHED_WORKFLOWS must be 0 (no sticky cache) or at least 2');
  if (cache !== undefined && cache > 0 && workflowSlots > cache)
    problems.push(
      `WORKER_MAX_CONCURRENT_WORKFLOW_TASKS (${workflowSlots}) must not exceed WORKER_MAX_CACHED_WORKFLOWS (${cache})`,
    );
  const workflowPollers = config.WORKER_WORKFLOW_TASK_POLLERS;
  if (workflowPollers !== undefined && workflowPollers > workflowSlots)
    problems.push(
      `WORKER_WORKFLOW_TASK_POLLERS (${workflowPollers}) must not exceed WORKER_MAX_CONCURRENT_WORKFLOW_TASKS (${workflowSlots})`,
    );
  const activityPollers = config.WORKER_ACTIVITY_TASK_POLLERS;
  if (activityPollers !== undefined && activityPollers > activitySlots)
    problems.push(
      `WORKER_ACTIVITY_TASK_POLLERS (${activityPollers}) must not exceed WORKER_MAX_CONCURRENT_ACTIVITIES (${activitySlots})`,
    );
  return problems;
}

/**
 * The workflow bundle a worker loads, or undefined to bundle at start (outside production only).
 * Checked when the worker starts, not in validateConfig: the API shares the configuration and
 * loads no workflows.
 */
export function workerBundlePath(config: AppConfig): string | undefined {
  if (config.isProduction && !config.WORKFLOW_BUNDLE_PATH)
    throw new Error(
      'Invalid configuration: NODE_ENV=production requires WORKFLOW_BUNDLE_PATH, the prebuilt workflow bundle (node scripts/bundle-workflows.js dist/workflow-bundle.js)',
    );
  return config.WORKFLOW_BUNDLE_PATH;
}

/** Every variable the configuration reads; a variable not listed here is ignored. */
export const CONFIG_KEYS = [
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
  'EXPORT_SWEEP_INTERVAL_MS',
  'EXPORT_REQUEUE_AFTER_MS',
  'EXPORT_LEASE_MS',
  'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS',
  'WORKER_MAX_CONCURRENT_ACTIVITIES',
  'WORKER_MAX_CACHED_WORKFLOWS',
  'WORKER_WORKFLOW_TASK_POLLERS',
  'WORKER_ACTIVITY_TASK_POLLERS',
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
  const lines = errors.map(
    (e) => `${e.property}: ${Object.values(e.constraints ?? {}).join(', ')}`,
  );
  if (errors.length === 0) lines.push(...workerTuningProblems(config));
  if (lines.length > 0) throw new Error(`Invalid configuration:\n  ${lines.join('\n  ')}`);
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
