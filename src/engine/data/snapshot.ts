/**
 * Snapshot strategy: restore the data stack from the newest available Aurora cluster
 * snapshot in the recovery region, copying the newest one from the source region when the
 * recovery region has none fresh enough and the source region still answers.
 */

import { DrctlError } from '../../errors.js';
import type { Clock } from '../../ports/clock.js';
import { type ClusterSnapshot, type DatabasePort, snapshotStatus } from '../../ports/database.js';
import { poll } from '../poller.js';
import { resolveWaits } from '../wait-profiles.js';
import type { Emitter } from './events.js';
import { formatAge, rpoRefusal, rpoVerdict } from './rpo.js';
import {
  type DataPorts,
  type DataRunOptions,
  engineVersionParameter,
  type SnapshotResult,
  type SnapshotStrategy,
} from './types.js';

export type SnapshotInput = SnapshotStrategy & DataRunOptions;

type SnapshotAction =
  | { action: 'use-existing'; snapshot: ClusterSnapshot }
  | { action: 'copy'; source: ClusterSnapshot; targetId: string }
  /** A copy an earlier (interrupted) run started is still running: wait for it. */
  | { action: 'wait-copy'; copy: ClusterSnapshot }
  | { action: 'none' };

export type SnapshotPlan = SnapshotAction & {
  /** When the data was captured (undefined for `none`). */
  snapshotTime?: Date;
  rpoSeconds?: number;
  /** undefined: not asked (not needed); false: it did not answer. */
  sourceAnswers?: boolean;
  sourceError?: string;
  /** Why a real run would stop here; the plan reports it, `recoverData` throws it. */
  refusal?: DrctlError;
};

const newestAvailable = (xs: ClusterSnapshot[]) =>
  xs
    .filter((s) => snapshotStatus.isAvailable(s.status))
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];

/**
 * The copy's name is derived from the source snapshot, so a rerun finds the copy an
 * interrupted run started instead of paying for a second one. RDS names: 1–63 letters,
 * digits and single hyphens, starting with a letter, not ending with a hyphen.
 */
export function copyIdFor(source: ClusterSnapshot): string {
  const t = source.createdAt.toISOString().replace(/[-:]/g, '').slice(0, 13).replace('T', '');
  const base = `drctl-${source.clusterId}-${t}`.replace(/[^A-Za-z0-9-]/g, '-').replace(/-+/g, '-');
  return base.slice(0, 63).replace(/-$/, '');
}

/** The snapshot an action is about: the one restored, copied, or awaited. */
function subjectOf(a: SnapshotAction): ClusterSnapshot | undefined {
  if (a.action === 'use-existing') return a.snapshot;
  if (a.action === 'copy') return a.source;
  if (a.action === 'wait-copy') return a.copy;
  return undefined;
}

/** A copy's data is as old as its source: take the source's time when it is known. */
function originTime(s: ClusterSnapshot, sources: ClusterSnapshot[]): Date {
  const src = s.sourceSnapshotArn ? sources.find((x) => x.arn === s.sourceSnapshotArn) : undefined;
  return src?.createdAt ?? s.createdAt;
}

async function readSource(input: SnapshotInput, db: DatabasePort) {
  try {
    return { snapshots: await db.listClusterSnapshots(input.sourceRegion, input.sourceClusterId), ok: true };
  } catch (e) {
    return { snapshots: [] as ClusterSnapshot[], ok: false, error: (e as Error).message };
  }
}

/** Reads only: what the snapshot strategy would do now, and whether it would refuse. */
export async function planSnapshot(
  input: SnapshotInput,
  db: DatabasePort,
  now: number,
): Promise<SnapshotPlan> {
  const inTarget = await db.listClusterSnapshots(input.targetRegion, input.sourceClusterId);
  const maxSeconds = input.maxRpoMinutes === undefined ? Infinity : input.maxRpoMinutes * 60;
  const ageOf = (t: Date) => Math.max(0, (now - t.getTime()) / 1000);
  const existing = newestAvailable(inTarget);
  const fresh = existing && ageOf(existing.createdAt) <= maxSeconds;

  let action: SnapshotAction = existing ? { action: 'use-existing', snapshot: existing } : { action: 'none' };
  let source: Awaited<ReturnType<typeof readSource>> | undefined;
  // Only ask the source region when it could help: during an outage the call is slow to fail.
  if (!fresh && input.copyIfMissing) {
    source = await readSource(input, db);
    const newest = newestAvailable(source.snapshots);
    if (newest && (!existing || newest.createdAt > originTime(existing, source.snapshots))) {
      const targetId = copyIdFor(newest);
      const started = inTarget.find((s) => s.id === targetId);
      if (started && snapshotStatus.isAvailable(started.status))
        action = { action: 'use-existing', snapshot: started };
      else if (started && snapshotStatus.isInProgress(started.status))
        action = { action: 'wait-copy', copy: started };
      else action = { action: 'copy', source: newest, targetId };
    }
  }

  const plan: SnapshotPlan = {
    ...action,
    ...(source ? { sourceAnswers: source.ok } : {}),
    ...(source?.error ? { sourceError: source.error } : {}),
  };
  const snap = subjectOf(action);
  const time = snap ? originTime(snap, source?.snapshots ?? []) : undefined;
  if (!time) return { ...plan, refusal: noSnapshot(input, source) };
  plan.snapshotTime = time;
  plan.rpoSeconds = Math.round(ageOf(time));
  if (action.action === 'copy' && action.source.encrypted && !input.kmsKeyId) {
    plan.refusal = needsKmsKey(input, action.source);
  } else if (!rpoVerdict(plan.rpoSeconds, input.maxRpoMinutes).within && !input.acceptRpo) {
    plan.refusal = rpoRefusal(
      `Restoring snapshot ${snap?.id} (taken ${formatAge(plan.rpoSeconds)} ago)`,
      plan.rpoSeconds,
      input.maxRpoMinutes as number,
    );
  }
  return plan;
}

function noSnapshot(input: SnapshotInput, source: { ok: boolean; error?: string } | undefined): DrctlError {
  const why = !input.copyIfMissing
    ? 'and copying from the source region is off (data.snapshot.copyIfMissing)'
    : source?.ok
      ? `nor in ${input.sourceRegion}`
      : `and ${input.sourceRegion} did not answer (${source?.error ?? 'no answer'})`;
  return new DrctlError(
    'NOT_FOUND',
    `No available snapshot of cluster ${input.sourceClusterId} in ${input.targetRegion}, ${why}.`,
    {
      source: 'user',
      hints: [
        'Keep copies in the recovery region in advance: an AWS Backup copy rule, or scheduled cross-region snapshot copies (docs/data.md).',
      ],
    },
  );
}

function needsKmsKey(input: SnapshotInput, source: ClusterSnapshot): DrctlError {
  return new DrctlError(
    'CONFIG_INVALID',
    `Snapshot ${source.id} is encrypted, and KMS keys are regional: copying it to ${input.targetRegion} needs data.snapshot.kmsKeyId, a key in ${input.targetRegion}.`,
    { source: 'user' },
  );
}

/** Runs the plan: reports, refuses, copies (journaled first) and waits; returns what to restore. */
export async function recoverFromSnapshot(
  input: SnapshotInput,
  ports: DataPorts,
  ev: Emitter,
  clock: Clock,
  signal?: AbortSignal,
): Promise<SnapshotResult> {
  const plan = await planSnapshot(input, ports.db, clock.now());
  if (plan.sourceAnswers === false) {
    ev('data-region-unavailable', { region: input.sourceRegion, error: plan.sourceError ?? '' });
  }
  const found = subjectOf(plan);
  if (plan.action === 'none' || !found || !plan.snapshotTime || plan.rpoSeconds === undefined) {
    throw plan.refusal ?? new DrctlError('INTERNAL', 'snapshot plan without a snapshot');
  }
  ev('data-source-found', {
    snapshotId: found.id,
    region: found.region,
    snapshotTime: plan.snapshotTime.toISOString(),
    type: found.type,
    action: plan.action,
  });
  const verdict = rpoVerdict(plan.rpoSeconds, input.maxRpoMinutes);
  const accepted = !verdict.within && Boolean(input.acceptRpo);
  ev('data-rpo', { rpoSeconds: plan.rpoSeconds, basis: 'snapshot-time', ...verdict, accepted });
  if (plan.refusal) throw plan.refusal;

  const base = { kind: 'snapshot' as const, region: input.targetRegion, rpoAccepted: accepted };
  if (plan.action === 'use-existing') {
    const s = plan.snapshot;
    return {
      ...base,
      action: 'use-existing',
      copied: false,
      snapshotId: s.id,
      snapshotArn: s.arn,
      snapshotTime: plan.snapshotTime,
      rpoSeconds: plan.rpoSeconds,
      parameters: { SnapshotIdentifier: s.arn || s.id, ...engineVersionParameter(s.engineVersion) },
    };
  }
  const targetId = plan.action === 'copy' ? plan.targetId : plan.copy.id;
  if (plan.action === 'copy') await startCopy(input, ports, ev, plan.source, plan.targetId);
  const copy = await awaitCopy(input, ports, ev, clock, targetId, signal);
  const rpoSeconds = Math.round((clock.now() - plan.snapshotTime.getTime()) / 1000);
  ev('data-rpo', {
    rpoSeconds,
    basis: 'snapshot-time',
    ...rpoVerdict(rpoSeconds, input.maxRpoMinutes),
    accepted,
  });
  return {
    ...base,
    action: 'copy',
    copied: true,
    snapshotId: copy.id,
    snapshotArn: copy.arn,
    snapshotTime: plan.snapshotTime,
    rpoSeconds,
    parameters: {
      SnapshotIdentifier: copy.arn || copy.id,
      // A copy keeps its source's version; the source is asked when the copy does not say.
      ...engineVersionParameter(
        copy.engineVersion ?? (plan.action === 'copy' ? plan.source : plan.copy).engineVersion,
      ),
    },
  };
}

async function startCopy(
  input: SnapshotInput,
  ports: DataPorts,
  ev: Emitter,
  source: ClusterSnapshot,
  targetId: string,
): Promise<void> {
  const req = {
    sourceArn: source.arn,
    targetRegion: input.targetRegion,
    targetId,
    // RDS rejects KmsKeyId when copying an unencrypted snapshot (CopyDBClusterSnapshot).
    ...(input.kmsKeyId && source.encrypted ? { kmsKeyId: input.kmsKeyId } : {}),
    ...(input.tags ? { tags: input.tags } : {}),
  };
  await ports.journal.intent({ kind: 'data-copy-intent', ...req, sourceRegion: input.sourceRegion });
  await ports.db.copyClusterSnapshot(req);
  ev('data-copy-started', { sourceArn: source.arn, targetRegion: input.targetRegion, targetId });
}

async function awaitCopy(
  input: SnapshotInput,
  ports: DataPorts,
  ev: Emitter,
  clock: Clock,
  targetId: string,
  signal?: AbortSignal,
): Promise<ClusterSnapshot> {
  const profile = resolveWaits(input.waits).snapshotCopy;
  const copy = await poll<ClusterSnapshot>({
    ...profile,
    clock,
    ...(signal ? { signal } : {}),
    ...(ports.random ? { random: ports.random } : {}),
    describe: `snapshot copy ${targetId} in ${input.targetRegion} to be available`,
    check: async () => {
      const s = await ports.db.describeClusterSnapshot(input.targetRegion, targetId);
      // Right after CopyDBClusterSnapshot the copy may not be listed yet (eventual consistency).
      if (!s) return { done: false, seen: 'not visible yet' };
      ev('data-copy-progress', {
        targetId,
        status: s.status,
        ...(s.percentProgress !== undefined ? { percent: s.percentProgress } : {}),
      });
      if (snapshotStatus.isAvailable(s.status)) return { done: true, value: s };
      if (snapshotStatus.isDead(s.status)) {
        throw new DrctlError(
          'AWS_CALL_FAILED',
          `The copy ${targetId} in ${input.targetRegion} ended ${s.status}.`,
          {
            source: 'aws',
            hints: [
              'Check the RDS events of the snapshot; a KMS key the RDS service cannot use is the usual cause.',
            ],
          },
        );
      }
      return { done: false, seen: `${s.status} ${s.percentProgress ?? 0}%` };
    },
  });
  await ports.journal.done({ kind: 'data-copy-done', targetId, arn: copy.arn, region: input.targetRegion });
  ev('data-copy-done', { targetId, arn: copy.arn });
  return copy;
}
