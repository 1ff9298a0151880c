import IORedis, { type RedisOptions } from 'ioredis';

/**
 * A connection for BullMQ. Workers need `maxRetriesPerRequest: null` (blocking commands must
 * not give up); producers fail fast instead so an API request never hangs on a dead Redis.
 */
export function createRedis(url: string, role: 'producer' | 'worker'): IORedis {
  const options: RedisOptions =
    role === 'worker'
      ? { maxRetriesPerRequest: null }
      : { maxRetriesPerRequest: 2, enableOfflineQueue: false, connectTimeout: 3000 };
  return new IORedis(url, { ...options, lazyConnect: false });
}
