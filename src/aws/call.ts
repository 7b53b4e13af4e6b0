/**
 * Every adapter call goes through `callAws`: it retries throttling on top of the SDK's own
 * retries (a failover must outlast a burst of Route 53's 5 requests/second limit), and
 * turns SDK errors into one sentence naming the service and operation.
 */
import { DrctlError } from '../errors.js';

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'PriorRequestNotComplete',
  'SlowDown',
  'RequestThrottled',
  'RequestThrottledException',
]);

export function isThrottling(e: unknown): boolean {
  const err = e as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  return Boolean(err && (THROTTLING.has(err.name ?? '') || THROTTLING.has(err.Code ?? '')));
}

export interface RetryPolicy {
  /** Extra attempts after throttling; default 5. */
  attempts: number;
  /** First delay; doubles each time, full jitter; default 500 ms. */
  baseDelayMs: number;
  /** Cap on one delay; default 20 s. */
  maxDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

export const defaultRetryPolicy: RetryPolicy = {
  attempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  random: Math.random,
};

const CREDENTIAL_ERRORS = new Set([
  'CredentialsProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
]);

/** Turn any SDK failure into a DrctlError naming what was being done. */
function translateAwsError(e: unknown, what: string): DrctlError {
  if (e instanceof DrctlError) return e;
  const err = e as { name?: string; message?: string };
  const name = err?.name ?? 'Error';
  const msg = (err?.message ?? String(e)).split('\n')[0];
  if (CREDENTIAL_ERRORS.has(name) || /Could not load credentials/i.test(msg ?? '')) {
    return new DrctlError('AWS_CREDENTIALS', `${what} failed: no valid AWS credentials (${msg}).`, {
      source: 'user',
      cause: e,
      hints: [
        'Set AWS_PROFILE or pass --profile, or export AWS credentials; `aws sts get-caller-identity` checks them.',
      ],
    });
  }
  if (name === 'AccessDenied' || name === 'AccessDeniedException') {
    return new DrctlError('AWS_CALL_FAILED', `${what} was denied: ${msg}`, {
      source: 'user',
      cause: e,
      hints: ['`drctl iam-policy` prints the permissions drctl needs.'],
    });
  }
  return new DrctlError('AWS_CALL_FAILED', `${what} failed: ${name}: ${msg}`, { source: 'aws', cause: e });
}

/** Run one AWS call with throttling retries and error translation. */
export async function callAws<T>(
  what: string,
  fn: () => Promise<T>,
  policy: RetryPolicy = defaultRetryPolicy,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (isThrottling(e) && attempt < policy.attempts) {
        const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
        await policy.sleep(Math.round(policy.random() * cap));
        continue;
      }
      throw translateAwsError(e, what);
    }
  }
}
