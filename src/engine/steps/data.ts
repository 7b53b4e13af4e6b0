/**
 * The data step inside deploy: recovering the database (finding or copying a snapshot,
 * or a Global Database switchover/failover) starts with the first wave, so the longest
 * wait of a restore is not queued behind the network; the data stack then awaits it and
 * takes its result as parameters.
 */

import { DrctlError } from '../../errors.js';
import { stackStatus } from '../../ports/stack-status.js';
import type { RunContext } from '../context.js';
import { recoverData } from '../data/recover.js';
import type { DataRecoveryResult } from '../data/types.js';

/**
 * Parameters the data stack must keep once it exists: a new SnapshotIdentifier or
 * GlobalClusterIdentifier replaces the cluster, a new EngineVersion upgrades it in the
 * middle of a failover.
 */
const DATA_PARAMETERS = ['SnapshotIdentifier', 'GlobalClusterIdentifier', 'EngineVersion'];

/** The stack's own values of DATA_PARAMETERS (only those it has). */
function keptParameters(parameters: Record<string, string>, keys = DATA_PARAMETERS): Record<string, string> {
  return Object.fromEntries(keys.filter((k) => parameters[k] !== undefined).map((k) => [k, parameters[k]!]));
}

/**
 * A data stack that stands keeps its own EngineVersion (or none): the recovered source's
 * version is for a cluster the stack creates, and changing it on a standing cluster would
 * upgrade it in the middle of a failover. `plan` shows the same.
 */
export function keepEngineVersion(
  recovered: Record<string, string>,
  standing: Record<string, string>,
): Record<string, string> {
  const { EngineVersion: _recovered, ...rest } = recovered;
  return { ...rest, ...keptParameters(standing, ['EngineVersion']) };
}

export type DataParameters = Promise<Record<string, string>>;

/** Starts recovery (or decides none is needed); resolves with the data stack's extra parameters. */
export function startDataRecovery(ctx: RunContext): DataParameters | undefined {
  const data = ctx.input.data;
  if (!data || data.recover.strategy === 'none') return undefined;
  const started = ctx.ports.clock.now();
  const promise = (async () => {
    const existing = await ctx.ports.stacks.describe(ctx.input.targetRegion, data.stack);
    const standing = existing && stackStatus.isStable(existing.status) ? existing : undefined;
    // A restored cluster must keep its snapshot (a new one would replace it). A Global
    // Database secondary is the opposite: the stack standing is the pilot light, and the
    // switchover (or failover) is exactly the step still to do.
    if (standing && data.recover.strategy === 'snapshot') {
      // The cluster exists: keep what it was built from (a new snapshot would replace it).
      ctx.em.warn(`stack ${data.stack} already exists: keeping its data source, no new recovery`);
      return keptParameters(standing.parameters);
    }
    if (!ctx.ports.db)
      throw new DrctlError('INTERNAL', 'data recovery was asked for but no database adapter was wired');
    const result: DataRecoveryResult = await recoverData(
      { ...data.recover, tags: { 'drctl:run': ctx.runId, ...data.recover.tags } },
      {
        db: ctx.ports.db,
        journal: {
          intent: (entry) => ctx.journal.intent('recover-data', entry),
          done: (entry) => ctx.journal.done('recover-data', entry),
        },
        ...(ctx.ports.random ? { random: ctx.ports.random } : {}),
      },
      (e) => ctx.sink.emit(e),
      ctx.ports.clock,
      ctx.signal,
    );
    ctx.timings.push({ phase: 'recover-data', durationMs: ctx.ports.clock.now() - started, result: 'ok' });
    return standing ? keepEngineVersion(result.parameters, standing.parameters) : result.parameters;
  })();
  // Deploy may fail before the data stack awaits this: never an unhandled rejection.
  promise.catch(() => {});
  return promise;
}
