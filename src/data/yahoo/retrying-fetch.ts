import { STATUS_CODES } from 'node:http';

/** Retries with exponential backoff for the failures that may pass (network, 429, 5xx), within a deadline. */

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Wait before the 2nd attempt; doubles after each further failure. */
  baseDelayMs: number;
  /** Give up once this much time has passed since the first attempt. */
  deadlineMs: number;
  /** One attempt (headers and body) may take at most this long, so a hang leaves time to retry. */
  attemptTimeoutMs: number;
}

/**
 * 4 attempts, 0.5 + 1 + 2 s apart, all within 6 s: with ~3 s of CLI start-up on a busy machine
 * the CLI still reports an outage within 10 s.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 500, deadlineMs: 6000, attemptTimeoutMs: 4000 };

/** The network failed for good; `reason` is the last failure. */
export class NetworkFailure extends Error {
  constructor(
    readonly reason: string,
    readonly attempts: number,
    readonly elapsedMs: number,
    readonly status?: number,
  ) {
    super(`${reason} (${attempts} attempt${attempts === 1 ? '' : 's'} over ${(elapsedMs / 1000).toFixed(1)} s)`);
    this.name = 'NetworkFailure';
  }
}

function isTransientStatus(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}

/** A readable reason for a thrown fetch error: `getaddrinfo ENOTFOUND host`, `timed out`, ... */
function describeFetchError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'request timed out';
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    if (cause?.message) return cause.message;
    if (cause?.code) return cause.code;
    return error.message;
  }
  return String(error);
}

/** Seconds from a Retry-After header, when it is a number. */
function retryAfterMs(response: Response): number {
  const value = Number(response.headers.get('retry-after'));
  return Number.isFinite(value) && value > 0 ? value * 1000 : 0;
}

export interface RetryHooks {
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Told before each wait, e.g. to print "retrying in 1 s". */
  onRetry?: (info: { attempt: number; reason: string; delayMs: number }) => void;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A fetch that retries transient failures and throws `NetworkFailure` when it gives up. Any
 * other response (200, 404, ...) is returned as is for the caller to interpret. The deadline
 * starts at the first call, so make one per logical download.
 */
export function createRetryingFetch(baseFetch: typeof fetch, policy: RetryPolicy = DEFAULT_RETRY_POLICY, hooks: RetryHooks = {}): typeof fetch {
  const now = hooks.now ?? Date.now;
  const sleep = hooks.sleep ?? realSleep;
  let startedAt: number | undefined;

  const retryingFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    startedAt ??= now();
    const deadline = startedAt + policy.deadlineMs;
    let reason = 'no attempt made';
    let status: number | undefined;
    let attemptsMade = 0;
    for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
      const remainingMs = deadline - now();
      if (remainingMs <= 0) break;
      let waitAtLeastMs = 0;
      attemptsMade = attempt;
      try {
        const timeout = AbortSignal.timeout(Math.min(remainingMs, policy.attemptTimeoutMs));
        const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
        const response = await baseFetch(input, { ...init, signal });
        if (!isTransientStatus(response.status)) {
          // Read the body inside the attempt, so a connection dropping mid-body is retried too.
          const body = [101, 204, 205, 304].includes(response.status) ? null : await response.arrayBuffer();
          return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
        }
        status = response.status;
        reason = `HTTP ${response.status} ${response.statusText || STATUS_CODES[response.status] || ''}`.trim();
        waitAtLeastMs = retryAfterMs(response);
        await response.body?.cancel().catch(() => {});
      } catch (error) {
        if (init?.signal?.aborted) throw error;
        status = undefined;
        reason = describeFetchError(error);
      }
      if (attempt === policy.maxAttempts) {
        return Promise.reject(new NetworkFailure(reason, attempt, now() - startedAt, status));
      }
      const delayMs = Math.max(policy.baseDelayMs * 2 ** (attempt - 1), waitAtLeastMs);
      // No point waiting if the next attempt could not start before the deadline.
      if (now() + delayMs >= deadline) return Promise.reject(new NetworkFailure(reason, attempt, now() - startedAt, status));
      hooks.onRetry?.({ attempt, reason, delayMs });
      await sleep(delayMs);
    }
    throw new NetworkFailure(reason, attemptsMade, now() - startedAt, status);
  };
  return retryingFetch as typeof fetch;
}
