/**
 * The one rule for retrying an AWS call, and its budget. The SDK's own retries are off
 * (one attempt per send, src/aws/clients.ts): `callAws` makes every retry, sleeping on the
 * injected Clock, so the attempts below are the effective ones (docs/reliability.md).
 * The error classes follow the SDK's standard retry strategy (smithy's
 * service-error-classification), so what the SDK used to retry is still retried.
 */
import type { Clock } from './clock.js';

export interface RetryPolicy {
  /** Attempts at a throttled call, the first included; default 8. */
  throttledAttempts: number;
  /** Attempts at a call failing otherwise retryably (5xx, timeout, lost connection); default 4. */
  attempts: number;
  /** Ceiling of the first pause; doubles per attempt, full jitter; default 500 ms. */
  baseDelayMs: number;
  /** Ceiling of any one pause; default 10 s. */
  maxDelayMs: number;
  clock: Clock;
  /** Source of randomness in [0, 1); default `Math.random`. */
  random?: () => number;
  /** Cuts a retry pause short (the call then ends ABORTED); default: none. */
  signal?: AbortSignal;
}

/**
 * Worst case asleep: 0.5+1+2+4+8+10+10 = 35.5 s for a throttled call, 3.5 s otherwise
 * (plus each attempt's own request timeout).
 */
export const RETRY_BUDGET = { throttledAttempts: 8, attempts: 4, baseDelayMs: 500, maxDelayMs: 10_000 };

/** AWS says "slow down" under these names, depending on the service (the SDK's own list). */
const THROTTLING = new Set(
  `BandwidthLimitExceeded EC2ThrottledException LimitExceededException PriorRequestNotComplete
  ProvisionedThroughputExceededException RequestLimitExceeded RequestThrottled
  RequestThrottledException SlowDown ThrottledException Throttling ThrottlingException
  TooManyRequestsException TransactionInProgressException`.split(/\s+/),
);
const TRANSIENT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
const TRANSIENT_STATUS = new Set([500, 502, 503, 504]);
const NETWORK_CODES = new Set(
  'ECONNRESET ECONNREFUSED EPIPE ETIMEDOUT EHOSTUNREACH ENETUNREACH ENOTFOUND EAI_AGAIN'.split(' '),
);

interface AwsLike {
  name?: string;
  code?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number; clockSkewCorrected?: boolean };
  $retryable?: { throttling?: boolean };
  cause?: unknown;
}

/** The error and what it wraps: an adapter's DrctlError keeps the SDK error as its cause. */
function chain(e: unknown): AwsLike[] {
  const out: AwsLike[] = [];
  for (let x = e; x && typeof x === 'object' && out.length < 5; x = (x as AwsLike).cause) {
    out.push(x as AwsLike);
  }
  return out;
}

/**
 * The one test of throttling in drctl, for a raw SDK error or one wrapped around it:
 * the name AWS throttled with, or undefined when it is no throttle.
 */
export function throttledAs(e: unknown): string | undefined {
  const x = chain(e).find(
    (x) =>
      THROTTLING.has(x.name ?? '') ||
      THROTTLING.has(x.Code ?? '') ||
      x.$metadata?.httpStatusCode === 429 ||
      Boolean(x.$retryable?.throttling),
  );
  return x && (x.name ?? x.Code ?? 'HTTP 429');
}

/** Throttling, or a fault another attempt may cure: 5xx, a timeout, a lost connection. */
export function isRetryable(e: unknown): boolean {
  if (throttledAs(e)) return true;
  return chain(e).some(
    (x) =>
      x.name !== 'AbortError' &&
      (x.$retryable !== undefined ||
        Boolean(x.$metadata?.clockSkewCorrected) ||
        TRANSIENT_NAMES.has(x.name ?? '') ||
        NETWORK_CODES.has(x.code ?? '') ||
        TRANSIENT_STATUS.has(x.$metadata?.httpStatusCode ?? 0)),
  );
}
