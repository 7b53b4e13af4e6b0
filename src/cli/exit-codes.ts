/**
 * Outcomes to exit codes: the CLI's decision, never the engine's (docs/exit-codes.md).
 * Errors map through `exitCodeOf` (src/errors.ts); drills through `exitCodeOfDrill`.
 */

import type { FailoverOutcome } from '../engine/input.js';
import type { Verdict } from '../engine/plan/types.js';
import { ExitCode } from '../errors.js';

export function exitCodeOfOutcome(o: FailoverOutcome): ExitCode {
  switch (o.kind) {
    case 'rolled-back':
      // Ctrl-C after the flip also ends restored, but the operator stopped it: that is an
      // interruption (4), not a failed verification (3), as docs/exit-codes.md says.
      return o.cause === 'ABORTED' ? ExitCode.Aborted : ExitCode.RolledBack;
    case 'aborted':
      return ExitCode.Aborted;
    case 'held':
      // Held after Ctrl-C: an interruption (4) too; the message says the new record stays.
      return o.cause === 'ABORTED' ? ExitCode.Aborted : ExitCode.Held;
    default:
      return ExitCode.Success;
  }
}

/** Plan: ready 0; not ready (a failed check) 1; refused 5. */
export function exitCodeOfVerdict(v: Verdict): ExitCode {
  return v === 'ready' ? ExitCode.Success : v === 'refused' ? ExitCode.Refused : ExitCode.Failure;
}
