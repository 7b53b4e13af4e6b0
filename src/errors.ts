/**
 * Typed failures and the exit codes they map to. Expected outcomes (flipped, rolled back,
 * aborted) are values returned by the engine; these are for everything that stops a run.
 * The table of codes is documented in docs/exit-codes.md: keep the two in step.
 */

export const ExitCode = {
  /** The command did what was asked. */
  Success: 0,
  /** Something failed; nothing more specific applies. DNS was not changed, or was verified. */
  Failure: 1,
  /** Bad flags, bad config, bad input: rejected before any AWS mutation. */
  Usage: 2,
  /** DNS was changed, verification failed, and the snapshot was restored and verified. */
  RolledBack: 3,
  /** The operator declined a confirmation or interrupted the run (Ctrl-C). */
  Aborted: 4,
  /** A safety check refused the change (use --force only after reading why). */
  Refused: 5,
  /** Another run holds the lock on this record. */
  LockHeld: 6,
  /** The automatic rollback itself failed: DNS needs a human now. */
  RollbackFailed: 7,
  /** A drill rehearsed and cleaned up fine but took longer than its RTO target. */
  RtoExceeded: 8,
  /**
   * DNS was changed, a check after the flip failed or the run was interrupted, and drctl
   * kept the new record (after-flip policy hold, or the region to restore was unhealthy).
   */
  Held: 9,
  /** A fleet command ended with at least one application not moved (or not resumed/rolled back). */
  FleetPartial: 10,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Who is at fault: the user can fix `user` errors; `aws` and `internal` need a look. */
export type ErrorSource = 'user' | 'aws' | 'internal';

export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'CONFIG_NOT_FOUND'
  | 'USAGE'
  | 'AWS_CALL_FAILED'
  | 'AWS_CREDENTIALS'
  | 'NOT_FOUND'
  | 'TIMEOUT'
  | 'ABORTED'
  | 'REFUSED'
  | 'LOCK_HELD'
  | 'STACK_FAILED'
  | 'PROBE_FAILED'
  | 'VERIFY_FAILED'
  | 'ROLLBACK_FAILED'
  | 'JOURNAL'
  | 'INTERNAL';

const exitFor: Record<ErrorCode, ExitCode> = {
  CONFIG_INVALID: ExitCode.Usage,
  CONFIG_NOT_FOUND: ExitCode.Usage,
  USAGE: ExitCode.Usage,
  AWS_CALL_FAILED: ExitCode.Failure,
  AWS_CREDENTIALS: ExitCode.Failure,
  NOT_FOUND: ExitCode.Failure,
  TIMEOUT: ExitCode.Failure,
  ABORTED: ExitCode.Aborted,
  REFUSED: ExitCode.Refused,
  LOCK_HELD: ExitCode.LockHeld,
  STACK_FAILED: ExitCode.Failure,
  PROBE_FAILED: ExitCode.Failure,
  VERIFY_FAILED: ExitCode.Failure,
  ROLLBACK_FAILED: ExitCode.RollbackFailed,
  JOURNAL: ExitCode.Failure,
  INTERNAL: ExitCode.Failure,
};

export interface DrctlErrorOptions {
  source?: ErrorSource;
  cause?: unknown;
  /** Extra lines shown under the message: how to fix it, what to run next. */
  hints?: string[];
}

export class DrctlError extends Error {
  readonly code: ErrorCode;
  readonly source: ErrorSource;
  readonly hints: string[];

  constructor(code: ErrorCode, message: string, options: DrctlErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DrctlError';
    this.code = code;
    this.source = options.source ?? (exitFor[code] === ExitCode.Usage ? 'user' : 'internal');
    this.hints = options.hints ?? [];
  }

  get exitCode(): ExitCode {
    return exitFor[this.code];
  }
}

/** Several problems found at once (config validation): each is one sentence. */
export class ValidationError extends DrctlError {
  readonly problems: string[];

  constructor(problems: string[], what = 'configuration') {
    const first = problems[0] ?? `the ${what} is invalid`;
    super('CONFIG_INVALID', problems.length === 1 ? first : `${problems.length} problems in the ${what}`, {
      source: 'user',
    });
    this.problems = problems;
  }
}

export function isDrctlError(e: unknown): e is DrctlError {
  return e instanceof DrctlError;
}

/** Exit code for anything thrown: typed errors know theirs, anything else is a failure. */
export function exitCodeOf(e: unknown): ExitCode {
  return isDrctlError(e) ? e.exitCode : ExitCode.Failure;
}
