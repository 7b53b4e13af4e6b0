/**
 * A fleet: many applications failed over as one operation, in priority waves, a few at a
 * time. Each application is an ordinary run (its own input, journal, lock and outcome);
 * the fleet only decides when each one starts and sums up how each one ended.
 */
import type { EngineEvent, Question } from '../events.js';
import type { FailoverOutcome } from '../input.js';
import type { RollbackOutcome } from '../rollback.js';

/** What an application's run returned: a failover or resume, or (`fleet rollback`) a rollback. */
export type AppOutcome = FailoverOutcome | RollbackOutcome;

/** What a failed application of a wave does to later waves. */
export const WAVE_FAILURE_POLICIES = ['continue', 'stop'] as const;
type WaveFailurePolicy = (typeof WAVE_FAILURE_POLICIES)[number];

export interface FleetOptions {
  /** Applications running at once, within a wave. At least 1. */
  concurrency: number;
  /**
   * `continue` (default): every wave runs, whatever became of earlier ones (apps fail
   * independently). `stop`: once a wave ends with an application not moved, later waves
   * do not start (their applications end `not-started`), for fleets where wave 2 needs
   * wave 1 in the new region.
   */
  onWaveFailure?: WaveFailurePolicy;
}

export interface FleetApp {
  /** Unique in the fleet: prefixes its progress lines and names it in the summary. */
  name: string;
  /** Priority: wave 1 first; a wave starts once every app of the one before has ended. */
  wave: number;
  /** The run id the application's journal is kept under. */
  runId: string;
  /** Where its journal lives (shown in the summary, for `drctl resume` / `rollback`). */
  journal?: string;
  /**
   * How long its run is expected to take, ms (from its past runs: `Expectations.run()`).
   * Within a wave the longest start first, so their first calls (preflight, lock) take
   * the shared Route 53 turns before the quick apps' and the slowest app, which decides
   * when the fleet ends, never waits behind them. Unknown: after those known, in file order.
   */
  expectedMs?: number;
}

/**
 * How one application ended. `moved`: the record is verified at the target (or already
 * was: `no-op`). `held`: it changed, a check failed and the new record was kept.
 * `rolled-back`: it changed, failed and was restored exactly (or, for `fleet rollback`,
 * its run was undone or had nothing to undo). `aborted`: declined or
 * interrupted before any change. `failed`: an error ended it (DNS unchanged, or restored
 * when the error says so). `not-started`: an earlier wave failed under `stop`, or the
 * fleet was interrupted before its turn.
 */
export type AppStatus = 'moved' | 'held' | 'rolled-back' | 'aborted' | 'failed' | 'not-started';

export interface AppResult {
  app: string;
  wave: number;
  runId: string;
  journal?: string;
  status: AppStatus;
  /** The run's outcome, when it returned one. */
  outcome?: AppOutcome;
  /** The error that ended it (`failed`), or why it did not start. */
  error?: { code: string; message: string };
  /** Clock times (ms) it started and ended; absent when it never started. */
  startedAt?: number;
  endedAt?: number;
}

export interface FleetResult {
  apps: AppResult[];
  /** Every application moved (or already served from the target). */
  allMoved: boolean;
  /** The wave after which `stop` held the rest back; absent otherwise. */
  stoppedAfterWave?: number;
  /** The fleet was interrupted (its signal fired). */
  interrupted: boolean;
  totalMs: number;
}

/** The fleet's events: its own, and each application's engine events tagged with the app. */
export type FleetEvent =
  | { code: 'fleet-start'; at: number; data: { apps: number; waves: number[]; concurrency: number } }
  | { code: 'wave-start'; at: number; data: { wave: number; apps: string[] } }
  | { code: 'app-start'; at: number; data: { app: string; wave: number; runId: string } }
  | { code: 'app-event'; at: number; data: { app: string; event: EngineEvent } }
  | { code: 'app-end'; at: number; data: AppResult }
  | { code: 'wave-end'; at: number; data: { wave: number; moved: number; of: number } }
  | { code: 'fleet-end'; at: number; data: FleetResult };

export interface FleetSink {
  emit(event: FleetEvent): void;
  /**
   * An application's question. The fleet confirms once for all apps before it starts, so
   * runs get `yes`; a question still asked (breaking a lock, say) gets its default (the
   * safe answer) unless the sink answers it.
   */
  ask?(app: string, question: Question): Promise<boolean | string>;
}
