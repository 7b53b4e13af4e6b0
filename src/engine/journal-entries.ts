/**
 * The one registry of journal entries: each entry kind is tied to its payload here, and
 * each step to the payloads of its `step-intent` and `step-done`, as `EventPayloads` does
 * for events. The format on disk is the one drctl has always written (one
 * `{ at, kind, step?, data? }` per line), so the journal of a run in flight before an
 * upgrade still resumes and rolls back.
 */
import type { RecordChange, RecordSet, RoutingPolicy } from '../ports/dns.js';
import type { JournalEntry } from '../ports/journal.js';
import type { LockHolder } from '../ports/lock.js';
import type { SwitchState } from '../ports/traffic-switch.js';
import type { DataDone, DataIntent } from './data/types.js';
import type { DrillInventory, DrillResult, Leftover } from './drill/types.js';
import type { PhaseTiming } from './events.js';
import type { NewAlb } from './input.js';

/** What a failover's `run-started` records: enough for `rollback <run-id>` without the config. */
export interface RunHeader {
  runId: string;
  command: 'failover';
  app: string;
  env: string;
  from: string;
  to: string;
  hostedZoneId: string;
  name: string;
  type: string;
  routing: RoutingPolicy;
  lockKey: string;
  /** A switch-mode run (absent: records mode): rollback sets controls, never records. */
  switch?: 'arc' | 's3-object';
}

/** Switch mode: each region's control as the data plane had it, and the region it served. */
export interface ControlStates {
  states: Record<string, SwitchState>;
  /** The one region On, when exactly one is. */
  serving?: string;
}

/** The `snapshot` step's data: the record sets and Route 53's answer before any change. */
export interface SnapshotData {
  records: RecordSet[];
  /** TestDNSAnswer before the flip; undefined when the endpoint does not offer it. */
  answer?: string[];
}

/** The `found` step's data: the record sets at preflight and the region they served. */
export interface FoundData {
  records: RecordSet[];
  serving?: string;
}

/** The `left` step's data: the record sets a run left once it ended (flipped, held or restored). */
interface LeftData {
  records: RecordSet[];
}

/** The `source-health` step's data: the region serving at the start, probed once. */
export interface SourceHealth {
  region: string;
  healthy: boolean;
  /** Why the probe failed, or why it could not be made. */
  detail?: string;
}

/** Entries that are not a step's intent or done, by kind. */
export interface EntryPayloads {
  'run-started':
    | RunHeader
    | {
        runId: string;
        command: 'drill';
        drillId: string;
        app: string;
        env: string;
        from: string;
        to: string;
        dns: boolean;
      }
    | { runId: string; command: 'sweep' }
    | { runId: string; command: 'teardown'; app: string; env: string; region: string; lockKey: string };
  'run-resumed': undefined;
  'rollback-started': undefined;
  /** `timings` on a failover's: what `plan` estimates from. */
  'run-finished': { outcome: string; timings?: PhaseTiming[] };
  'lock-broken': { previous: LockHolder };
  'drill-inventory': DrillInventory;
  'drill-result': DrillResult;
  'drill-leftovers': { leftovers: Leftover[] };
  /** Without data when `drill --sweep` appends it to the journal of the drill it cleaned. */
  'drill-clean': { leftovers: Leftover[] } | undefined;
}

/** Each step and what its intent (written before the mutation) and done carry. */
interface StepPayloads {
  /** Who holds the lock is journaled, not published in the lock record (absent from older journals). */
  lock: {
    intent: { key: string; afterBreaking?: string };
    done: { key: string; holder?: string; host?: string };
  };
  'release-lock': { intent: { key: string }; done: { key: string } };
  [stack: `deploy:${string}`]: {
    intent: { stack: string; region: string; action: string };
    done: { status: string };
  };
  deploy: { intent: never; done: undefined };
  'recover-data': { intent: DataIntent; done: DataDone };
  'await-alb': { intent: never; done: NewAlb };
  'pre-flip-probe': { intent: never; done: undefined };
  snapshot: { intent: never; done: SnapshotData };
  /** Fencing (invariant 9): the record sets at preflight and the region they served. */
  found: { intent: never; done: FoundData };
  /** Fencing: the record sets a run left, after its flip (as applied) or its restore. */
  left: { intent: never; done: LeftData };
  /** The after-flip policy: the serving region's probe at the start of the run. */
  'source-health': { intent: never; done: SourceHealth };
  [flip: `flip:${number}`]: {
    intent: { changes: RecordChange[]; comment: string };
    done: { changeId: string } | { reconciled: 'applied' };
  };
  /** The restoring batch, after a failed flip or by `drctl rollback`. */
  rollback: {
    intent: { changes: RecordChange[]; comment: string };
    done: { changeId: string };
  };
  [verify: `verify:${number}`]: { intent: never; done: undefined };
  /** Switch mode, at preflight: where traffic was (fencing, `from`). */
  'controls-found': { intent: never; done: ControlStates };
  /** Switch mode, read just before the set: what a rollback puts back. */
  'controls-before': { intent: never; done: ControlStates };
  /** Switch mode: the states set (target On, the rest Off); `previous` is `controls-before`. */
  'set-controls': {
    intent: { states: Record<string, SwitchState>; previous: Record<string, SwitchState> };
    done: undefined;
  };
  /** Switch mode: putting the journaled states back (after a failed check, or `drctl rollback`). */
  'restore-controls': { intent: { states: Record<string, SwitchState> }; done: undefined };
  /** Switch mode: the states a run left once it ended (flipped, held or restored). */
  'controls-left': { intent: never; done: ControlStates };
  'teardown:record': { intent: { changes: RecordChange[] }; done: { changeId: string } };
  [stack: `teardown:stack:${string}`]: { intent: { stack: string; region: string }; done: undefined };
  [bucket: `teardown:bucket:${string}`]: { intent: { bucket: string; region: string }; done: undefined };
  [key: `teardown:key:${string}`]: { intent: { key: string; region: string; days: number }; done: undefined };
  [snapshot: `teardown:snapshot:${string}`]: {
    intent: { snapshot: string; region: string };
    done: undefined;
  };
}

export type EntryKind = keyof EntryPayloads;
export type StepId = keyof StepPayloads & string;
export type FlipStep = `flip:${number}`;
export type IntentOf<S extends StepId> = StepPayloads[S]['intent'];
export type DoneOf<S extends StepId> = StepPayloads[S]['done'];

/** The payload argument: optional where the registry allows none. */
export type PayloadArg<T> = undefined extends T ? [data?: T] : [data: T];

/** The step number of a flip step (`flip:2` is 2), or undefined for any other step. */
export function flipNumber(step: string): number | undefined {
  const m = /^flip:([1-9]\d*)$/.exec(step);
  return m ? Number(m[1]) : undefined;
}

/** The payload of the last entry of `kind`, or undefined. */
export function lastOf<K extends EntryKind>(entries: JournalEntry[], kind: K): EntryPayloads[K] | undefined {
  // The entries were written through `RunJournal.write`, which the registry types.
  return entries.findLast((e) => e.kind === kind)?.data as EntryPayloads[K] | undefined;
}

/** The `recover-data` intents of a journal: the data mutations a run set out to make. */
export function recoveryIntents(entries: JournalEntry[]): IntentOf<'recover-data'>[] {
  return entries.flatMap((e) =>
    e.kind === 'step-intent' && e.step === 'recover-data' ? [e.data as IntentOf<'recover-data'>] : [],
  );
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: Record<string, unknown>, fields: readonly string[]) =>
  fields.every((f) => typeof v[f] === 'string');

const HEADER_FIELDS = [
  'runId',
  'app',
  'env',
  'from',
  'to',
  'hostedZoneId',
  'name',
  'type',
  'routing',
  'lockKey',
];

/** Whether `data` is a failover's header (not a drill's, a sweep's, or damage). */
export function isFailoverHeader(data: unknown): data is RunHeader {
  return isObject(data) && data.command === 'failover' && strings(data, HEADER_FIELDS);
}

/** Switch-mode steps whose data rollback reads back and acts on. */
const CONTROL_READS = ['controls-found', 'controls-before', 'controls-left'];
const CONTROL_SETS = ['set-controls', 'restore-controls'];

/**
 * Whether the data of a step's intent or done has the shape resume and rollback rely on:
 * the DNS snapshot, the flip batches and the new ALB are read back and acted on.
 */
export function validStepData(step: string, phase: 'intent' | 'done', data: unknown): boolean {
  if (['snapshot', 'found', 'left'].includes(step) && phase === 'done')
    return isObject(data) && Array.isArray(data.records);
  if (step === 'await-alb' && phase === 'done')
    return isObject(data) && strings(data, ['arn', 'dnsName']) && Array.isArray(data.targetGroupArns);
  const readStep = CONTROL_READS.includes(step) && phase === 'done';
  const setStep = CONTROL_SETS.includes(step) && phase === 'intent';
  if (readStep || setStep) return isObject(data) && isObject(data.states);
  if (flipNumber(step) !== undefined && phase === 'intent')
    return isObject(data) && Array.isArray(data.changes);
  return data === undefined || isObject(data);
}
