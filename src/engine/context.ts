/**
 * What every step receives: the input, the ports, the emitter, the journal, the waits and
 * the signal. Built once per run so steps take one argument and stay short.
 */
import { DrctlError } from '../errors.js';
import type { Emitter, EventSink, PhaseTiming } from './events.js';
import type { Expectations } from './expectations.js';
import type { EnginePorts, FailoverInput } from './input.js';
import type { PollOptions } from './poller.js';
import type { RunJournal } from './run-journal.js';
import type { WaitProfile, WaitProfiles } from './wait-profiles.js';

/** The part of a run that DNS steps need; `rollback <run-id>` builds it from the journal alone. */
export interface DnsContext {
  runId: string;
  ports: EnginePorts;
  em: Emitter;
  sink: EventSink;
  journal: RunJournal;
  waits: WaitProfiles;
  timings: PhaseTiming[];
  /** How long waits should take, so they poll by expectation. Default: none (plain backoff). */
  expect?: Expectations;
  zoneId: string;
  name: string;
  type: string;
  /** Ctrl-C. Rollback deliberately ignores it: once DNS has changed, undoing it must finish. */
  signal?: AbortSignal;
}

export interface RunContext extends DnsContext {
  input: FailoverInput;
  startedAt: number;
  /**
   * The region traffic moves away from: the one found serving at preflight (journaled as
   * `found`), else the config's primary. Failing back makes it the DR region.
   */
  from: string;
}

/**
 * Poller options for a resource's wait profile, wired to the run's clock, signal and events.
 * `honourSignal` false is for the rollback's waits (a boolean, not an optional signal: a
 * default parameter would turn an explicit `undefined` back into the run's signal).
 * `expectedMs`: how long the wait should take (ctx.expect); the profile's near and far
 * delays then pace it (src/engine/expected-delay.ts).
 */
export function waitFor(
  ctx: DnsContext,
  profile: WaitProfile,
  describe: string,
  honourSignal = true,
  expectedMs?: number,
): Omit<PollOptions<never>, 'check'> {
  const signal = honourSignal ? ctx.signal : undefined;
  const { nearDelayMs: nearMs, farDelayMs: ceilingMs, ...backoff } = profile;
  const byExpectation = expectedMs !== undefined && nearMs !== undefined && ceilingMs !== undefined;
  return {
    ...backoff,
    ...(byExpectation ? { expect: { atMs: expectedMs, nearMs, ceilingMs } } : {}),
    describe,
    clock: ctx.ports.clock,
    ...(signal ? { signal } : {}),
    ...(ctx.ports.random ? { random: ctx.ports.random } : {}),
    onThrottle: (error, delayMs) => ctx.em.emit('throttled', { what: describe, error, delayMs }),
  };
}

/** Stops between steps once the run was interrupted (Ctrl-C), before the next change. */
export function throwIfAborted(ctx: { signal?: AbortSignal }): void {
  if (ctx.signal?.aborted) throw new DrctlError('ABORTED', 'interrupted', { source: 'user' });
}
