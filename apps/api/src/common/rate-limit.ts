/**
 * Rate limits shared by every API process through Redis: sign-in attempts per client address
 * and per user name, writes per user. A request over a limit is answered 429 RATE_LIMITED with
 * `Retry-After` (seconds).
 */
import { type ExecutionContext, Injectable, type OnModuleDestroy } from '@nestjs/common';
import {
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import type IORedis from 'ioredis';
import type { Request, Response } from 'express';
import type { AuthenticatedUser } from '../../../../libs/auth/src/auth.types';
import type { AppConfig } from '../../../../libs/common/src/config';
import { ProblemException, serviceUnavailable } from '../../../../libs/common/src/problem';
import { createRedis } from '../../../../libs/queue/src/redis';

const MINUTE_MS = 60_000;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** The sign-in routes: what the login limits count. */
const SIGN_IN_PATHS = new Set(['/api/v1/auth/dev-login']);

/**
 * Fixed windows in Redis: one counter per key that expires with its window, and a block key
 * once the limit is passed. Atomic in one script, so concurrent API processes count together.
 */
const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
local blocked = redis.call('PTTL', KEYS[2])
if blocked < 0 and hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  blocked = tonumber(ARGV[3])
end
return { hits, ttl, blocked }`;

@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage, OnModuleDestroy {
  private readonly redis: IORedis;

  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    this.redis = createRedis(url, 'producer');
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const base = `${this.prefix}:rate:${throttlerName}:${key}`;
    // Without Redis no request can be counted: a write or a sign-in waits for it (503 with
    // Retry-After) rather than pass uncounted or fail as an internal error.
    const [hits, ttlMs, blockedMs] = (await this.redis
      .eval(
        INCREMENT,
        2,
        `${base}:hits`,
        `${base}:blocked`,
        String(ttl),
        String(limit),
        String(blockDuration > 0 ? blockDuration : ttl),
      )
      .catch(() => {
        throw serviceUnavailable(
          'Redis, which counts the rate limits, is unavailable for a moment; retry the same request later',
        );
      })) as [number, number, number];
    return {
      totalHits: hits,
      timeToExpire: Math.ceil(Math.max(ttlMs, 0) / 1000),
      isBlocked: blockedMs > 0,
      timeToBlockExpire: Math.ceil(Math.max(blockedMs, 0) / 1000),
    };
  }

  async onModuleDestroy(): Promise<void> {
    this.redis.disconnect();
  }
}

const isSignIn = (context: ExecutionContext) =>
  SIGN_IN_PATHS.has(context.switchToHttp().getRequest<Request>().path);

/** The three limits, keyed across routes (not per handler as the library's default). */
export function throttlerOptions(config: AppConfig): ThrottlerModuleOptions {
  const acrossRoutes = (_context: ExecutionContext, tracker: string, name: string) =>
    `${name}:${tracker}`;
  return {
    storage: new RedisThrottlerStorage(config.REDIS_URL, config.QUEUE_PREFIX),
    setHeaders: false,
    throttlers: [
      {
        name: 'sign-in-address',
        ttl: MINUTE_MS,
        limit: config.RATE_LIMIT_LOGIN_PER_MINUTE,
        skipIf: (context) => !isSignIn(context),
        getTracker: (request) => String((request as Request).ip ?? 'unknown'),
        generateKey: acrossRoutes,
      },
      {
        name: 'sign-in-user',
        ttl: MINUTE_MS,
        limit: config.RATE_LIMIT_LOGIN_PER_MINUTE,
        skipIf: (context) => !isSignIn(context),
        getTracker: (request) => {
          const username = (request as Request).body?.username;
          return typeof username === 'string' ? username.trim().toLowerCase() : '';
        },
        generateKey: acrossRoutes,
      },
      {
        name: 'writes-per-user',
        ttl: MINUTE_MS,
        limit: config.RATE_LIMIT_WRITES_PER_MINUTE,
        skipIf: (context) => {
          const request = context
            .switchToHttp()
            .getRequest<Request & { user?: AuthenticatedUser }>();
          return !WRITES.has(request.method) || !request.user;
        },
        getTracker: (request) => (request as { user: AuthenticatedUser }).user.userId,
        generateKey: acrossRoutes,
      },
    ],
  };
}

/** Runs after the auth guard (so writes are counted per user); answers 429 as problem JSON. */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const response = context.switchToHttp().getResponse<Response>();
    const retryAfter = Math.max(1, detail.timeToBlockExpire);
    response.setHeader('Retry-After', String(retryAfter));
    throw new ProblemException('RATE_LIMITED', `Too many requests; retry in ${retryAfter} s`, {
      extensions: { retryAfterSeconds: retryAfter },
    });
  }
}
