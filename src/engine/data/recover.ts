/**
 * The data step's entry points: `recoverData` and
 * `describeDataPlan` for `drctl plan` (reads only, never throws a refusal: reports it).
 */
import type { Clock } from '../../ports/clock.js';
import type { DataEmit } from './events.js';
import { emitter } from './events.js';
import { planGlobal, recoverGlobal } from './global.js';
import { rpoVerdict } from './rpo.js';
import { planSnapshot, recoverFromSnapshot } from './snapshot.js';
import type { DataPorts, DataPortsRead, DataRecoveryResult, RecoverDataInput } from './types.js';

/**
 * Recover the data layer in the target region. Every mutating call (snapshot copy,
 * switchover, failover) is preceded by `ports.journal.intent(entry)`; a refusal (RPO, data
 * loss, unhealthy global cluster) is a `DrctlError` thrown before any mutation.
 */
export async function recoverData(
  input: RecoverDataInput,
  ports: DataPorts,
  emit: DataEmit,
  clock: Clock,
  signal?: AbortSignal,
): Promise<DataRecoveryResult> {
  const ev = emitter(emit, clock);
  ev('data-strategy', { strategy: input.strategy });
  switch (input.strategy) {
    case 'none':
      return { kind: 'none', parameters: {} };
    case 'snapshot':
      return recoverFromSnapshot(input, ports, ev, clock, signal);
    case 'global':
      return recoverGlobal(input, ports, ev, clock, signal);
  }
}

export type DataPlan =
  | { strategy: 'none'; problems: string[] }
  | {
      strategy: 'snapshot';
      action: 'use-existing' | 'copy' | 'wait-copy' | 'none';
      snapshotId?: string;
      /** Where the snapshot is now (the source region for `copy`). */
      snapshotRegion?: string;
      snapshotTime?: Date;
      /** The snapshot's engine version: what the restore will ask for. */
      engineVersion?: string;
      rpoSeconds?: number;
      maxRpoSeconds?: number;
      /** undefined when it was not asked (a fresh snapshot was already in the target). */
      sourceAnswers?: boolean;
      /** Sentences saying why a run would stop; empty when it would go ahead. */
      problems: string[];
    }
  | {
      strategy: 'global';
      action: 'switchover' | 'failover' | 'already-primary' | 'await-change' | 'none';
      globalStatus?: string;
      writerRegion?: string;
      targetClusterArn?: string;
      /** The global cluster's engine version: what a new secondary will ask for. */
      engineVersion?: string;
      primaryAnswers: boolean;
      rpoSeconds: number | null;
      maxRpoSeconds?: number;
      problems: string[];
    };

/** What the data step would do now: source, age, RPO, action. Reads only. */
export async function describeDataPlan(
  input: RecoverDataInput,
  ports: DataPortsRead,
  clock: Clock,
): Promise<DataPlan> {
  if (input.strategy === 'none') return { strategy: 'none', problems: [] };
  const { maxRpoSeconds } = rpoVerdict(null, input.maxRpoMinutes);
  const max = maxRpoSeconds === undefined ? {} : { maxRpoSeconds };
  if (input.strategy === 'snapshot') {
    const p = await planSnapshot(input, ports.db, clock.now());
    const s =
      p.action === 'use-existing'
        ? p.snapshot
        : p.action === 'copy'
          ? p.source
          : p.action === 'wait-copy'
            ? p.copy
            : undefined;
    return {
      strategy: 'snapshot',
      action: p.action,
      ...(s ? { snapshotId: s.id, snapshotRegion: s.region } : {}),
      ...(s?.engineVersion ? { engineVersion: s.engineVersion } : {}),
      ...(p.snapshotTime ? { snapshotTime: p.snapshotTime } : {}),
      ...(p.rpoSeconds !== undefined ? { rpoSeconds: p.rpoSeconds } : {}),
      ...max,
      ...(p.sourceAnswers !== undefined ? { sourceAnswers: p.sourceAnswers } : {}),
      problems: p.refusal ? [p.refusal.message] : [],
    };
  }
  const g = await planGlobal(input, ports.db);
  return {
    strategy: 'global',
    action: g.action,
    ...(g.cluster ? { globalStatus: g.cluster.status } : {}),
    ...(g.writer ? { writerRegion: g.writer.region } : {}),
    ...(g.target ? { targetClusterArn: g.target.clusterArn } : {}),
    ...(g.cluster?.engineVersion ? { engineVersion: g.cluster.engineVersion } : {}),
    primaryAnswers: g.primaryAnswers,
    rpoSeconds: g.rpoSeconds,
    ...max,
    problems: g.refusal ? [g.refusal.message] : [],
  };
}
