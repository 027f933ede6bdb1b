import { Redis } from 'ioredis';
import { UserError } from '../../core/errors.ts';

/** The BullMQ queue every sweep puts its trials on; any worker serves any sweep. */
export const QUEUE_NAME = 'walkforward-trials';

/** Where a sweep leaves its bars, by content hash, for workers to fetch once. */
export const barsKey = (hash: string) => `walkforward:bars:${hash}`;

/** A failed job's reason starts with this when the worker met bad input (the sweep exits 2 with the rest). */
export const USER_ERROR_PREFIX = 'UserError: ';

/** Bars stay on the server this long after a sweep last put them there. */
export const BARS_TTL_SECONDS = 7 * 24 * 3600;

/** A trial's job id: the same for the same plan and trial, so a resumed sweep finds its jobs (and their results) again. */
export const jobIdOf = (planId: string, trial: number) => `${planId.slice(0, 24)}-${trial}`;

/** `redis://HOST:PORT` (or rediss://, with user, password, db), checked. */
export function checkQueueUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UserError(`--queue: expected redis://HOST:PORT, got "${url}"`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw new UserError(`--queue: expected redis://HOST:PORT, got "${url}"`);
  if (!parsed.hostname) throw new UserError(`--queue: no host in "${url}"`);
  return url;
}

/** Redis credentials are not for logs: the URL with its password masked. */
export function displayUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/**
 * A connection to the queue's Redis, ready, as BullMQ needs it (no per-command retry limit: a
 * worker waits out a Redis restart). An unreachable server is bad input: a UserError after a
 * few seconds, not a hang.
 */
export async function connectRedis(url: string, timeoutMs = 5000): Promise<Redis> {
  checkQueueUrl(url);
  const redis = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: true, connectTimeout: timeoutMs, retryStrategy: () => null });
  // The socket's error (ECONNREFUSED, ENOTFOUND) says more than connect()'s "Connection is closed".
  let socketError: Error | undefined;
  redis.on('error', (error: Error) => (socketError ??= error));
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    const reason = socketError ?? error;
    throw new UserError(`--queue ${displayUrl(url)}: cannot reach Redis (${reason instanceof Error ? reason.message : String(reason)})`);
  }
  // Connected: from now on reconnect after a blip instead of giving up.
  redis.options.retryStrategy = (times: number) => Math.min(times * 200, 2000);
  return redis;
}

/** Fail now, before any trial runs, when the queue's Redis cannot be reached. */
export async function checkRedisReachable(url: string): Promise<void> {
  const redis = await connectRedis(url);
  redis.disconnect();
}
