/**
 * What happens when a check fails, or the run is interrupted, after the flip: the
 * after-flip policy. `rollback` (default) restores the snapshot exactly, unless the region
 * it would restore failed its health probe before the flip: sending users back to a dead
 * region is worse than keeping them on a new one that failed a check, so drctl holds and
 * says why. `hold` always keeps the new record and reports. A rollback of a held run is
 * one deliberate command away (`drctl rollback <run>`).
 */
import { isDrctlError } from '../errors.js';
import type { RecordSet } from '../ports/dns.js';
import { normaliseLbDnsName } from '../ports/load-balancers.js';
import type { RunContext } from './context.js';
import { DEFAULTS } from './defaults.js';
import { span } from './events.js';
import type { FailoverOutcome } from './input.js';
import type { SnapshotData, SourceHealth } from './journal-entries.js';
import { restoreSnapshot } from './steps/dns.js';

export function outcomeBase(ctx: RunContext) {
  return {
    runId: ctx.runId,
    timings: ctx.timings,
    totalMs: ctx.ports.clock.now() - ctx.startedAt,
    journal: ctx.journal.location,
  };
}

/** The set that serves the source region now, and where its endpoint is. */
function sourceEndpoint(ctx: RunContext, records: RecordSet[]): string | undefined {
  const { record } = ctx.input;
  const id = record.setIdentifiers?.[ctx.from];
  const rs =
    record.routing === 'simple'
      ? records[0]
      : record.routing === 'failover'
        ? records.find((r) => r.Failover === 'PRIMARY')
        : records.find((r) => r.SetIdentifier === id);
  if (rs?.AliasTarget) return normaliseLbDnsName(rs.AliasTarget.DNSName);
  return rs?.ResourceRecords?.[0]?.Value;
}

/**
 * At the start of a run, one probe of the region serving now, the way the pre-flip probe reaches the new ALB
 * (its endpoint directly, public hostname as SNI and Host). Journaled, so a resumed run
 * decides the same way. Only made under the `rollback` policy: `hold` never restores.
 */
export async function checkSourceHealth(ctx: RunContext, records: RecordSet[]): Promise<void> {
  if ((ctx.input.afterFlip ?? DEFAULTS.afterFlip) !== 'rollback' || ctx.journal.isDone('source-health'))
    return;
  const v = ctx.input.verification;
  const host = sourceEndpoint(ctx, records);
  let health: SourceHealth = { region: ctx.from, healthy: true, detail: 'no endpoint to probe' };
  if (host) {
    const r = await ctx.ports.probe
      .probe(
        {
          hostname: v.hostname,
          path: v.path,
          timeoutMs: v.timeoutMs ?? 5000,
          connectHost: host,
          ...(v.connectTo ? { connectTo: v.connectTo } : {}),
          ...(v.caFile ? { caFile: v.caFile } : {}),
        },
        v.expectStatus ?? 200,
      )
      .catch((e: unknown) => ({ ok: false, error: e instanceof Error ? e.message : String(e) }));
    health = r.ok
      ? { region: ctx.from, healthy: true }
      : { region: ctx.from, healthy: false, detail: r.error ?? 'probe failed' };
  }
  await ctx.journal.done('source-health', { ...health });
  if (!health.healthy) {
    ctx.em.warn(
      `${ctx.from}, which serves now, fails its health probe (${health.detail}): if a check fails after the flip, drctl will keep the new record rather than roll back to it`,
    );
  }
}

/** Policy decision and its execution once a flip batch may have reached Route 53. */
export async function afterFlipFailure(
  ctx: RunContext,
  snapshot: SnapshotData,
  expected: RecordSet[],
  cause: unknown,
): Promise<FailoverOutcome> {
  const anyApplied = [...ctx.journal.state.done.keys()].some((k) => k.startsWith('flip:'));
  const health = ctx.journal.doneData('source-health');
  const policy = ctx.input.afterFlip ?? DEFAULTS.afterFlip;
  const why = policy === 'hold' ? 'policy' : health && !health.healthy ? 'source-unhealthy' : undefined;
  if (anyApplied && why) {
    await ctx.journal.done('left', { records: expected });
    const reason = cause instanceof Error ? cause.message : String(cause);
    return {
      ...outcomeBase(ctx),
      kind: 'held',
      from: ctx.from,
      to: ctx.input.targetRegion,
      reason,
      cause: isDrctlError(cause) ? cause.code : 'INTERNAL',
      why,
      ...(why === 'source-unhealthy' && health?.detail ? { sourceProblem: health.detail } : {}),
    };
  }
  return rollBack(ctx, snapshot, expected, cause, anyApplied);
}

async function rollBack(
  ctx: RunContext,
  snapshot: SnapshotData,
  expected: RecordSet[],
  cause: unknown,
  anyApplied: boolean,
): Promise<FailoverOutcome> {
  const restore = await span(ctx.em, ctx.timings, 'rollback', () => restoreSnapshot(ctx, snapshot, expected));
  // A rejected or never-sent first batch changed nothing: not a rollback.
  if (restore.length === 0 && !anyApplied) {
    if (isDrctlError(cause) && cause.code === 'ABORTED') {
      return { ...outcomeBase(ctx), kind: 'aborted', reason: 'interrupted', dnsChanged: false };
    }
    throw cause;
  }
  await ctx.journal.done('left', { records: snapshot.records });
  const reason = cause instanceof Error ? cause.message : String(cause);
  const code = isDrctlError(cause) ? cause.code : 'INTERNAL';
  return { ...outcomeBase(ctx), kind: 'rolled-back', reason, cause: code, restore };
}
