/**
 * The one registry of engine events: each code is tied to its payload type here and
 * nowhere else. Phases are spans (`phase-start` / `phase-end`) timed with the injected
 * clock, so the drill report and the RTO breakdown come from the events alone.
 * The engine never prints: presenters (TTY, plain lines, NDJSON) subscribe to these.
 */

import type { Clock } from '../ports/clock.js';
import type { ChangeStatus, RecordChange } from '../ports/dns.js';
import type { LockHolder } from '../ports/lock.js';
import type { SwitchState } from '../ports/traffic-switch.js';
import type { DataEventPayloads } from './data/events.js';
import type { DrillEventPayloads } from './drill/events.js';

/** Every phase of a run, in the order a failover runs them. */
export type Phase =
  | 'preflight'
  | 'lock'
  | 'deploy'
  | 'await-alb'
  | 'pre-flip-probe'
  | 'snapshot'
  | 'confirm'
  | 'flip'
  | 'await-insync'
  | 'verify'
  | 'rollback'
  | 'read-controls'
  | 'set-controls'
  | 'restore-controls'
  | 'release-lock'
  /** Drills only: delete what the drill created, then prove nothing is left. */
  | 'teardown'
  | 'verify-clean'
  /** Recorded as a timing only: it runs inside `deploy`, beside the first wave. */
  | 'recover-data';

export type ProbeStage = 'pre-flip' | 'post-flip';

/** The data step's events (src/engine/data/events.ts) are part of the one registry. */
export interface EventPayloads extends DataEventPayloads, DrillEventPayloads {
  'run-start': {
    runId: string;
    command: 'failover' | 'resume' | 'rollback' | 'drill' | 'teardown';
    from?: string;
    to?: string;
  };
  'run-end': { runId: string; outcome: string; totalMs: number };
  /** `step` numbers the repeats of flip/insync/verify when weights move in steps (1-based). */
  'phase-start': { phase: Phase; step?: number };
  'phase-end': {
    phase: Phase;
    step?: number;
    durationMs: number;
    result: 'ok' | 'failed' | 'skipped';
    error?: string;
  };
  'stack-status': { stack: string; region: string; status: string; reason?: string };
  'stack-event': {
    stack: string;
    logicalId: string;
    resourceType: string;
    status: string;
    reason?: string;
  };
  'stack-no-changes': { stack: string };
  'alb-state': { arn: string; state: string };
  'target-health': { targetGroupArn: string; healthy: number; total: number; required: number };
  'probe-attempt': {
    stage: ProbeStage;
    attempt: number;
    ok: boolean;
    status?: number;
    latencyMs: number;
    error?: string;
    consecutive: number;
    required: number;
  };
  'dns-snapshot': { records: number };
  /** The batches about to be applied (one per weight step): what the confirmation shows. */
  'dns-plan': { batches: RecordChange[][]; comment: string };
  'dns-change-submitted': { changeId: string; comment: string; changes: RecordChange[] };
  'dns-change-status': { changeId: string; status: ChangeStatus };
  /**
   * How a flip was proven: `read-back` (the record sets read back after INSYNC) alone, or
   * with Route 53's answer (`got`) inside the ALB's addresses at that moment (`expected`).
   */
  'dns-answer': {
    /** The alias type checked (A+AAAA checks each). */
    type: 'A' | 'AAAA';
    proof: 'read-back' | 'read-back+answer';
    expected: string[];
    got: string[] | undefined;
    ok: boolean;
  };
  /** Switch mode: the controls as read (`found`, `before`, `read-back`) or about to be set (`plan`). */
  'switch-states': { what: 'found' | 'before' | 'plan' | 'read-back'; states: Record<string, SwitchState> };
  /**
   * Switch mode: one look at the zone's authoritative servers. `ok` when every server
   * answered, only with addresses of the new ALB as resolved at that moment (`expected`).
   */
  'authoritative-answer': {
    attempt: number;
    expected: string[];
    answers: { server: string; rcode: string; addresses: string[] }[];
    ok: boolean;
  };
  'lock-acquired': { key: string; holder: LockHolder };
  'lock-broken': { key: string; previous: LockHolder };
  'lock-released': { key: string };
  /** A wait saw a throttling error and backs off: worth a dim line, not an alarm. */
  throttled: { what: string; error: string; delayMs: number };
  warning: { message: string };
}

export type EventCode = keyof EventPayloads;

export type EngineEvent = {
  [K in EventCode]: { code: K; at: number; data: EventPayloads[K] };
}[EventCode];

/** Questions are values too: the presenter decides how to ask, `default` is used without a TTY. */
export type Question =
  | { kind: 'confirm'; id: string; message: string; default: boolean }
  | {
      kind: 'type-to-confirm';
      id: string;
      message: string;
      /** What the operator must type (the target region). */
      expected: string;
      default: string;
    };

export type AnswerOf<Q extends Question> = Q extends { kind: 'confirm' } ? boolean : string;

export interface EventSink {
  emit(event: EngineEvent): void;
  ask<Q extends Question>(question: Q): Promise<AnswerOf<Q>>;
}

/** Emits events stamped with the clock; keeps the engine's call sites short. */
export class Emitter {
  constructor(
    readonly sink: EventSink,
    readonly clock: Clock,
  ) {}

  emit<K extends EventCode>(code: K, data: EventPayloads[K]): void {
    this.sink.emit({ code, at: this.clock.now(), data } as EngineEvent);
  }

  warn(message: string): void {
    this.emit('warning', { message });
  }
}

export interface PhaseTiming {
  phase: Phase;
  step?: number;
  durationMs: number;
  result: 'ok' | 'failed' | 'skipped';
}

/**
 * Runs `fn` as a timed span: `phase-start`, then `phase-end` with the duration whether it
 * succeeds or throws. The timing is also appended to `timings` for the outcome.
 */
export async function span<T>(
  em: Emitter,
  timings: PhaseTiming[],
  phase: Phase,
  fn: () => Promise<T>,
  step?: number,
): Promise<T> {
  const started = em.clock.now();
  em.emit('phase-start', { phase, ...(step === undefined ? {} : { step }) });
  const end = (result: PhaseTiming['result'], error?: string) => {
    const timing: PhaseTiming = { phase, durationMs: em.clock.now() - started, result };
    if (step !== undefined) timing.step = step;
    timings.push(timing);
    em.emit('phase-end', { ...timing, ...(error === undefined ? {} : { error }) });
  };
  try {
    const value = await fn();
    end('ok');
    return value;
  } catch (e) {
    end('failed', e instanceof Error ? e.message : String(e));
    throw e;
  }
}

/** Records a phase that a resumed run found already done, so reports still list it. */
export function skipped(em: Emitter, timings: PhaseTiming[], phase: Phase, step?: number): void {
  const timing: PhaseTiming = { phase, durationMs: 0, result: 'skipped' };
  if (step !== undefined) timing.step = step;
  em.emit('phase-start', { phase, ...(step === undefined ? {} : { step }) });
  timings.push(timing);
  em.emit('phase-end', timing);
}
