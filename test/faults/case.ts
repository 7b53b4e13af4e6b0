/**
 * One row of the fault matrix: a fault at one AWS call or step boundary, the outcome
 * drctl documents for it, and the invariants checked after the run:
 *   - DNS ends at the new, verified ALB or exactly (byte for byte) at the seeded record;
 *   - DNS never changed before the pre-flip probe passed (invariant 1);
 *   - every mutating AWS call the proxy saw was preceded by its journal intent, and the
 *     journal's last word is the outcome (invariant 5);
 *   - the exit code is the documented one;
 *   - the lock is released, or its release failure was reported.
 * A case may go on with `resume` or `rollback` by run id once the faults are cleared.
 */

import type { EngineEvent } from '../../src/engine/events.js';
import type { FailoverInput } from '../../src/engine/input.js';
import type { JournalPort } from '../../src/ports/journal.js';
import type { FaultRule } from '../harness/fault-proxy.js';
import type { FaultWorld } from './fault-world.js';

export interface Expectation {
  /** The exit code docs/exit-codes.md gives this outcome. */
  exit: number;
  /** Where the record must end: at the new ALB (verified) or exactly as seeded. */
  dns: 'new' | 'seeded';
  /** The journal's run-finished outcome (none: the run never started a journal). */
  finished?: string;
  /** Default `released`; `reported`: still there, and a warning said so; `foreign`: another run's, untouched. */
  lock?: 'released' | 'reported' | 'foreign';
}

interface CaseControl {
  fw: FaultWorld;
  /** What SIGINT/SIGTERM do in the CLI: abort the run's signal. */
  abort(): void;
}

export interface FaultCase {
  /** The matrix row: an AWS call (`route53 GetChange`) or a step (`after the flip`). */
  at: string;
  /** The matrix column: throttle, 5xx, timeout, outage, stack failure, SIGINT... */
  kind: string;
  faults?: FaultRule[];
  /** Before the run starts: break the targets, the site, pre-create a stack... */
  before?: (fw: FaultWorld) => Promise<void>;
  /** Change the engine input (a template that fails in the target region). */
  input?: (input: FailoverInput) => FailoverInput;
  /** Wrap the journal port (a disk that fails at one step). */
  journal?: (j: JournalPort) => JournalPort;
  /** Sees every engine event as it is emitted: act at a chosen moment. */
  onEvent?: (e: EngineEvent, ctl: CaseControl) => void | Promise<void>;
  expect: Expectation;
  /** With the faults cleared: continue by run id, and what that must give. */
  next?: { command: 'resume' | 'rollback'; expect: Expectation };
}

export const caseName = (c: FaultCase) => `${c.at} | ${c.kind}`;

/** Record changes whose XML names the lock record are the lock's; the others move the site. */
export const isLockChange = (body: string) => body.includes('_drctl-lock.');
export const recordChange: FaultRule['when'] = (c) => !isLockChange(c.body);
export const lockTake: FaultRule['when'] = (c) => isLockChange(c.body) && c.body.includes('CREATE');
export const lockDrop: FaultRule['when'] = (c) => isLockChange(c.body) && c.body.includes('DELETE');

/** A call fails for good: every SDK attempt of one logical call (4) answers 503. */
export const OUTAGE = { nth: 1, times: 4, fault: { kind: 'http', status: 503 } } as const;
/** Throttled past the transient budget (4 attempts), inside the throttling one (8): src/ports/retry.ts. */
export const THROTTLE = { nth: 1, times: 6, fault: { kind: 'throttle' } } as const;
/** Two 500s: the SDK's retry of transient errors. */
export const FIVE_XX = { nth: 1, times: 2, fault: { kind: 'http', status: 500 } } as const;
