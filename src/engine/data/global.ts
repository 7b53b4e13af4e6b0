/**
 * Global strategy: make the recovery region's Aurora Global Database member the writer.
 * When the primary answers, a switchover (Aurora waits for the secondary to catch up: no
 * data loss); when it does not, a failover, which may lose what was not yet replicated and
 * so runs only with `allowDataLoss`. Never escalates on its own from one to the other.
 */

import { DrctlError } from '../../errors.js';
import type { Clock } from '../../ports/clock.js';
import type { DatabasePort, GlobalCluster, GlobalClusterMember } from '../../ports/database.js';
import { poll } from '../poller.js';
import { resolveWaits } from '../wait-profiles.js';
import type { Emitter, RpoBasis } from './events.js';
import { formatAge, rpoRefusal, rpoVerdict } from './rpo.js';
import {
  type DataPorts,
  type DataRunOptions,
  engineVersionParameter,
  type GlobalResult,
  type GlobalStrategy,
} from './types.js';

export type GlobalInput = GlobalStrategy & DataRunOptions;

export interface GlobalPlan {
  /** `await-change`: a writer change toward the target, started earlier, is still running. */
  action: 'switchover' | 'failover' | 'already-primary' | 'await-change' | 'none';
  /** For `await-change`: which kind of change is running. */
  runningChange?: 'switchover' | 'failover';
  cluster?: GlobalCluster;
  target?: GlobalClusterMember;
  writer?: GlobalClusterMember;
  primaryAnswers: boolean;
  rpoSeconds: number | null;
  basis: RpoBasis;
  refusal?: DrctlError;
}

const refused = (message: string, hints: string[] = []) =>
  new DrctlError('REFUSED', message, { source: 'user', hints });

/** The writer's region answers when its cluster can be read there and is available. */
async function writerAnswers(db: DatabasePort, writer: GlobalClusterMember | undefined): Promise<boolean> {
  if (!writer) return false;
  try {
    return (await db.describeCluster(writer.region, writer.clusterArn))?.status === 'available';
  } catch {
    return false;
  }
}

function findTarget(gc: GlobalCluster, input: GlobalInput): GlobalClusterMember | undefined {
  if (input.targetClusterArn) return gc.members.find((m) => m.clusterArn === input.targetClusterArn);
  return gc.members.find((m) => m.region === input.targetRegion);
}

/** Reads only: what a writer change would be now, and whether drctl would refuse it. */
export async function planGlobal(input: GlobalInput, db: DatabasePort): Promise<GlobalPlan> {
  const none = {
    action: 'none' as const,
    primaryAnswers: false,
    rpoSeconds: null,
    basis: 'unknown' as const,
  };
  // Read through the target region: during an outage the primary's endpoint may not answer.
  const gc = await db.describeGlobalCluster(input.targetRegion, input.globalClusterId);
  if (!gc) {
    const msg = `Global cluster ${input.globalClusterId} was not found from ${input.targetRegion}.`;
    return { ...none, refusal: new DrctlError('NOT_FOUND', msg, { source: 'user' }) };
  }
  const target = findTarget(gc, input);
  const writer = gc.members.find((m) => m.isWriter);
  const known = { cluster: gc, ...(writer ? { writer } : {}) };
  if (!target) {
    const msg = `Global cluster ${gc.id} has no member ${input.targetClusterArn ?? `in ${input.targetRegion}`}; its members are ${gc.members.map((m) => m.clusterArn).join(', ') || 'none'}.`;
    return { ...none, ...known, refusal: new DrctlError('CONFIG_INVALID', msg, { source: 'user' }) };
  }
  const base = { ...known, target };
  if (gc.failover) {
    const kind = gc.failover.dataLossAllowed ? 'failover' : 'switchover';
    if (gc.failover.toClusterArn === target.clusterArn) {
      return {
        ...base,
        action: 'await-change',
        runningChange: kind,
        primaryAnswers: false,
        rpoSeconds: null,
        basis: 'unknown',
      };
    }
    const msg = `Global cluster ${gc.id} is already ${gc.failover.status} (a ${kind} from ${gc.failover.fromClusterArn ?? '?'} to ${gc.failover.toClusterArn ?? '?'}); drctl will not start another writer change.`;
    return { ...none, ...base, refusal: refused(msg, ['Wait until it finishes, then run drctl again.']) };
  }
  if (target.isWriter)
    return { ...base, action: 'already-primary', primaryAnswers: true, rpoSeconds: 0, basis: 'switchover' };
  const primaryAnswers = await writerAnswers(db, writer);
  // A healthy global status is a switchover's precondition, not a failover's: with the
  // primary's region down, what DescribeGlobalClusters reports is whatever the outage lets
  // it report (AWS documents no status for that case), so it must not block a failover.
  if (primaryAnswers && gc.status !== 'available') {
    const msg = `Global cluster ${gc.id} is ${gc.status}, not available; drctl changes the writer of a healthy global cluster only.`;
    return {
      ...none,
      ...base,
      refusal: refused(msg, ['Wait until `aws rds describe-global-clusters` shows it available.']),
    };
  }
  if (target.synchronization === 'pending-resync') {
    const msg = `The member in ${target.region} (${target.clusterArn}) is pending-resync: it does not hold a consistent copy to promote.`;
    return { ...none, ...base, refusal: refused(msg) };
  }
  if (primaryAnswers)
    return { ...base, action: 'switchover', primaryAnswers, rpoSeconds: 0, basis: 'switchover' };
  return planFailover(input, { ...base, primaryAnswers });
}

function planFailover(
  input: GlobalInput,
  base: Omit<GlobalPlan, 'action' | 'rpoSeconds' | 'basis'>,
): GlobalPlan {
  const lag = base.target?.lagSeconds;
  const plan: GlobalPlan = {
    ...base,
    action: 'failover',
    rpoSeconds: lag ?? null,
    basis: lag === undefined ? 'unknown' : 'replication-lag',
  };
  const primary = base.writer?.region ?? 'the primary region';
  if (!input.allowDataLoss) {
    plan.refusal = refused(
      `The primary (${primary}) does not answer, so ${input.globalClusterId} can only fail over to ${input.targetRegion} with possible loss of the writes not yet replicated (last known lag: ${lag === undefined ? 'unknown' : formatAge(lag)}); pass --allow-data-loss to accept that.`,
    );
  } else if (lag !== undefined && !rpoVerdict(lag, input.maxRpoMinutes).within && !input.acceptRpo) {
    plan.refusal = rpoRefusal(`Failing over ${input.globalClusterId}`, lag, input.maxRpoMinutes as number);
  }
  return plan;
}

/** Runs the plan: reports, refuses, changes the writer (journaled first) and waits for it. */
export async function recoverGlobal(
  input: GlobalInput,
  ports: DataPorts,
  ev: Emitter,
  clock: Clock,
  signal?: AbortSignal,
): Promise<GlobalResult> {
  const plan = await planGlobal(input, ports.db);
  if (plan.cluster) {
    ev('data-global-state', {
      globalClusterId: plan.cluster.id,
      status: plan.cluster.status,
      ...(plan.writer ? { writerRegion: plan.writer.region } : {}),
      targetRegion: input.targetRegion,
      primaryAnswers: plan.primaryAnswers,
    });
  }
  const verdict = rpoVerdict(plan.rpoSeconds, input.maxRpoMinutes);
  const accepted = !verdict.within && Boolean(input.acceptRpo);
  if (plan.action !== 'none')
    ev('data-rpo', { rpoSeconds: plan.rpoSeconds, basis: plan.basis, ...verdict, accepted });
  if (plan.refusal || plan.action === 'none' || !plan.target) {
    throw plan.refusal ?? new DrctlError('INTERNAL', 'global plan without a target');
  }
  const change = plan.action === 'await-change' ? (plan.runningChange ?? 'failover') : plan.action;
  const result: GlobalResult = {
    kind: 'global',
    action: change,
    globalClusterId: input.globalClusterId,
    targetClusterArn: plan.target.clusterArn,
    ...(plan.writer && plan.writer !== plan.target ? { previousWriterArn: plan.writer.clusterArn } : {}),
    rpoSeconds: plan.rpoSeconds,
    rpoAccepted: accepted,
    resumed: plan.action === 'await-change',
    parameters: {
      GlobalClusterIdentifier: input.globalClusterId,
      ...engineVersionParameter(plan.cluster?.engineVersion),
    },
  };
  if (change === 'already-primary') return result;
  if (plan.action !== 'await-change') await startChange(input, ports, change, plan);
  await awaitWriter(input, ports, ev, clock, change, plan.target.clusterArn, signal);
  await ports.journal.done({
    kind: 'data-global-done',
    action: change,
    targetClusterArn: plan.target.clusterArn,
  });
  return result;
}

async function startChange(
  input: GlobalInput,
  ports: DataPorts,
  change: 'switchover' | 'failover',
  plan: GlobalPlan,
): Promise<void> {
  const target = plan.target?.clusterArn ?? '';
  await ports.journal.intent({
    kind: 'data-global-intent',
    action: change,
    globalClusterId: input.globalClusterId,
    targetClusterArn: target,
    fromClusterArn: plan.writer?.clusterArn,
    region: input.targetRegion,
  });
  if (change === 'switchover') {
    await ports.db.switchoverGlobalCluster(input.targetRegion, input.globalClusterId, target);
  } else {
    await ports.db.failoverGlobalCluster(input.targetRegion, input.globalClusterId, target);
  }
}

/**
 * A failover is done when the target is the writer and its own cluster, read in its own
 * region, is available. Not when the global cluster's FailoverState clears or its status
 * returns to available: AWS documents FailoverState as present while the operation is in
 * progress, and a failover includes demoting the old primary, which cannot happen while
 * that primary's region is down (FailoverState:
 * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_FailoverState.html;
 * FailoverGlobalCluster, failover vs switchover:
 * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_FailoverGlobalCluster.html).
 * A switchover needs both regions healthy, so it waits for the whole global cluster.
 */
async function targetAvailable(ports: DataPorts, region: string, arn: string): Promise<boolean> {
  return (await ports.db.describeCluster(region, arn))?.status === 'available';
}

async function awaitWriter(
  input: GlobalInput,
  ports: DataPorts,
  ev: Emitter,
  clock: Clock,
  change: 'switchover' | 'failover',
  targetArn: string,
  signal?: AbortSignal,
): Promise<void> {
  await poll<true>({
    ...resolveWaits(input.waits).globalWriterChange,
    clock,
    ...(signal ? { signal } : {}),
    ...(ports.random ? { random: ports.random } : {}),
    describe: `${change} of ${input.globalClusterId} to ${targetArn}`,
    check: async () => {
      const gc = await ports.db.describeGlobalCluster(input.targetRegion, input.globalClusterId);
      if (!gc) return { done: false, seen: 'global cluster not visible' };
      const writer = gc.members.find((m) => m.isWriter);
      ev('data-switchover-status', {
        action: change,
        globalStatus: gc.status,
        ...(gc.failover ? { failoverStatus: gc.failover.status } : {}),
        ...(writer ? { writerArn: writer.clusterArn } : {}),
      });
      const done =
        writer?.clusterArn === targetArn &&
        (change === 'failover'
          ? await targetAvailable(ports, input.targetRegion, targetArn)
          : !gc.failover && gc.status === 'available');
      const seen = `${gc.status}${gc.failover ? ` (${gc.failover.status})` : ''}, writer ${writer?.clusterArn ?? 'none'}`;
      return done ? { done: true, value: true } : { done: false, seen };
    },
  });
}
