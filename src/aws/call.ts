/**
 * Every adapter call goes through `callAws`: the one retry layer (the SDK's own is off), by
 * the rule and budget of src/ports/retry.ts (a failover must outlast a burst of Route 53's
 * 5 requests/second limit), and SDK errors become one sentence naming the service and
 * operation, keeping the SDK error as the cause (the poller still sees a throttle in it).
 */
import { DrctlError } from '../errors.js';
import { isRetryable, type RetryPolicy, throttledAs } from '../ports/retry.js';
import { trackCall } from './call-watch.js';

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

/** The SDK's names for an attempt that got no answer in time (requestTimeout / connectionTimeout). */
function isNoAnswer(e: unknown): boolean {
  const name = (e as { name?: string } | undefined)?.name ?? '';
  return (
    name === 'TimeoutError' || name === 'RequestTimeout' || /timed? ?out/i.test(String((e as Error)?.message))
  );
}

/** Run one AWS call with retries and error translation. */
export async function callAws<T>(what: string, fn: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  const started = policy.clock.now();
  const call = { what, startedAt: started, attempt: 1, of: policy.attempts };
  const untrack = trackCall(call);
  try {
    return await attempts(what, fn, policy, call);
  } finally {
    untrack();
  }
}

async function attempts<T>(
  what: string,
  fn: () => Promise<T>,
  policy: RetryPolicy,
  call: { startedAt: number; attempt: number; of: number },
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    call.attempt = attempt;
    try {
      return await fn();
    } catch (e) {
      const budget = throttledAs(e) ? policy.throttledAttempts : isRetryable(e) ? policy.attempts : 0;
      call.of = Math.max(budget, attempt);
      if (attempt >= budget && isNoAnswer(e)) {
        // Say what really happened: the total time and every attempt, not one attempt's limit.
        const secs = Math.round((policy.clock.now() - call.startedAt) / 1000);
        throw new DrctlError(
          'AWS_CALL_FAILED',
          `${what} got no answer: ${attempt} attempt(s) over ${secs} s, each timed out (${(e as Error).message.split('\n')[0]})`,
          { source: 'aws', cause: e },
        );
      }
      if (attempt >= budget) throw translateAwsError(e, what);
      const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      try {
        await policy.clock.sleep(Math.round((policy.random ?? Math.random)() * cap), policy.signal);
      } catch (abort) {
        throw new DrctlError('ABORTED', `interrupted while retrying ${what}`, {
          source: 'user',
          cause: abort,
        });
      }
    }
  }
}

/**
 * The SDK error behind a `callAws` failure (kept as its `cause`), for the adapters that
 * read some AWS errors as answers ("no such stack" is `undefined`, not a failure).
 */
export interface AwsFault {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { headers?: Record<string, string> };
}
export function awsFault(e: unknown): AwsFault {
  return ((e as { cause?: unknown } | undefined)?.cause ?? {}) as AwsFault;
}

/** `call`'s result, or `undefined` where AWS answers that the thing asked about does not exist. */
export async function orMissing<T>(
  call: Promise<T>,
  isMissing: (fault: AwsFault) => boolean,
): Promise<T | undefined> {
  try {
    return await call;
  } catch (e) {
    if (isMissing(awsFault(e))) return undefined;
    throw e;
  }
}

/** A fault named one of `names`: how most AWS APIs say "not found". */
export const named =
  (...names: string[]) =>
  (f: AwsFault): boolean =>
    names.includes(f.name ?? '');

/**
 * Every page of a paginated call, in order: `fetch` asks for the page after `token`
 * (none for the first), `next` reads the following page's token (each API names it its
 * own way: NextToken, Marker, NextMarker). A caller may stop early with `break`.
 */
export async function* pages<P>(
  fetch: (token: string | undefined) => Promise<P>,
  next: (page: P) => string | undefined,
): AsyncGenerator<P> {
  let token: string | undefined;
  do {
    const page = await fetch(token);
    yield page;
    token = next(page);
  } while (token);
}
