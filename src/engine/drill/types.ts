/**
 * What a drill is given and what it gives back. The CLI builds the input from the config
 * (stack names and tags carrying the drill id, a drill record, data recovered into drill
 * resources); the engine rehearses, tears down and measures.
 */
import type { DrillCleanupPort } from '../../ports/drill-cleanup.js';
import type { Phase } from '../events.js';
import type { EnginePorts, FailoverInput } from '../input.js';
import type { DrillEventPayloads } from './events.js';

export interface DrillInput {
  /** Short id in every name and tag of the drill: `[a-z0-9]{6}`. */
  drillId: string;
  /**
   * The rehearsal as a failover input: drill stack names and tags, `record` the drill
   * record (simple routing, created then deleted), data recovered into the drill stack.
   */
  failover: FailoverInput;
  /**
   * The production record (config dns.record) a failover would move. The drill refuses
   * when it does not exist, as the failover would: a drill that passes must mean the
   * failover would get through. Default: not checked.
   */
  productionRecord?: { name: string; type: string };
  /** Create, verify and delete the drill record. False: stop after the pre-flip probe. Default: true. */
  dns: boolean;
  /** Pass only when the recovery time is at most this, ms. Default: no target. */
  rtoTargetMs?: number;
  /** Leave everything up for inspection (`--keep`); `drctl drill --sweep` removes it later. Default: false. */
  keep?: boolean;
  /** KMS pending window for the drill's retained keys, days (7–30). Default: 7, the shortest. */
  keyDeletionDays?: number;
  /** Lines for the report, from the CLI (data recovery skipped, and why). Default: none. */
  notes?: string[];
}

export interface DrillPorts extends EnginePorts {
  cleanup: DrillCleanupPort;
}

/** Everything a drill made, or may have made: what teardown deletes and verify-clean checks. */
export interface DrillInventory {
  drillId: string;
  region: string;
  /** In deployment order; teardown deletes in reverse. */
  stacks: string[][];
  record?: { zoneId: string; name: string; type: string };
  buckets: string[];
  keys: string[];
  /** Drill Aurora clusters: every snapshot of these (the final one) is the drill's. */
  clusters: string[];
  /** Snapshot copies the drill's data recovery made. */
  snapshots: string[];
}

export interface PhaseBar {
  phase: Phase;
  step?: number;
  /** From the drill's start, ms. */
  startMs: number;
  durationMs: number;
  result: 'ok' | 'failed' | 'skipped';
  error?: string;
}

/** What teardown did to one resource: the `drill-cleanup` event's payload. */
export type CleanupItem = DrillEventPayloads['drill-cleanup'];
/** Something still there after teardown: the `drill-leftover` event's payload. */
export type Leftover = DrillEventPayloads['drill-leftover'];

export type DrillVerdict = 'passed' | 'failed' | 'rto-exceeded' | 'leftovers';

/** The drill's result: what reports render, history keeps, and `--notify` posts. */
export interface DrillResult {
  drillId: string;
  runId: string;
  app: string;
  env: string;
  primaryRegion: string;
  region: string;
  startedAt: string;
  finishedAt: string;
  verdict: DrillVerdict;
  /** The rehearsal reached its last verification. */
  rehearsal: 'ok' | 'failed';
  failure?: { phase?: Phase; code: string; message: string };
  /** Start of the drill to the end of its last verification; undefined when it failed. */
  rtoMs?: number;
  rtoTargetMs?: number;
  /** Every span, in start order, including teardown. */
  phases: PhaseBar[];
  /** `kept`: --keep left it up; `clean`: verified nothing left; `leftovers`: see `leftovers`. */
  cleanup: 'clean' | 'leftovers' | 'kept';
  cleaned: CleanupItem[];
  leftovers: Leftover[];
  inventory: DrillInventory;
  dns: boolean;
  record?: string;
  notes: string[];
  warnings: string[];
  journal: string;
}
