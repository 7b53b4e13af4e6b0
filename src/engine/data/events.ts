/**
 * Events of the data step, one registry tying each code to its payload, in the same
 * `{code, at, data}` shape as the engine's events so the two registries can merge.
 * Times in payloads are ISO strings: events are also written as NDJSON.
 */
import type { Clock } from '../../ports/clock.js';

export type RpoBasis = 'snapshot-time' | 'switchover' | 'replication-lag' | 'unknown';

export interface DataEventPayloads {
  /** The strategy about to run, and whether it is a dry run. */
  'data-strategy': { strategy: 'none' | 'snapshot' | 'global' };
  /** The snapshot drctl will restore from (or copy from). */
  'data-source-found': {
    snapshotId: string;
    region: string;
    snapshotTime: string;
    type: string;
    action: 'use-existing' | 'copy' | 'wait-copy';
  };
  /** A region drctl could not read (the outage itself, usually): not fatal on its own. */
  'data-region-unavailable': { region: string; error: string };
  'data-copy-started': { sourceArn: string; targetRegion: string; targetId: string };
  'data-copy-progress': { targetId: string; status: string; percent?: number };
  'data-copy-done': { targetId: string; arn: string };
  /** The recovery point objective this recovery implies, and the verdict on it. */
  'data-rpo': {
    rpoSeconds: number | null;
    basis: RpoBasis;
    maxRpoSeconds?: number;
    within: boolean;
    accepted: boolean;
  };
  'data-global-state': {
    globalClusterId: string;
    status: string;
    writerRegion?: string;
    targetRegion: string;
    primaryAnswers: boolean;
  };
  'data-switchover-status': {
    action: 'switchover' | 'failover';
    globalStatus: string;
    failoverStatus?: string;
    writerArn?: string;
  };
}

export type DataEventCode = keyof DataEventPayloads;

export type DataEvent = {
  [K in DataEventCode]: { code: K; at: number; data: DataEventPayloads[K] };
}[DataEventCode];

export type DataEmit = (event: DataEvent) => void;

/** A typed emitter stamped with the injected clock. */
export function emitter(emit: DataEmit, clock: Clock) {
  return <K extends DataEventCode>(code: K, data: DataEventPayloads[K]): void =>
    emit({ code, at: clock.now(), data } as DataEvent);
}
export type Emitter = ReturnType<typeof emitter>;
