/**
 * `drctl drill --sweep`: find the leftovers of drills that died (or were kept) and, unless
 * it is a dry run, tear each down exactly as a drill would and verify it. A drill found in
 * a journal gets a `drill-clean` entry once verified, so it is not found again.
 */

import { DEFAULTS } from '../defaults.js';
import type { EventSink } from '../events.js';
import { Emitter } from '../events.js';
import { lockKeyFor } from '../input.js';
import { RunJournal } from '../run-journal.js';
import { resolveWaits } from '../wait-profiles.js';
import type { SweepCandidate, SweepScope } from './sweep-find.js';
import { findLeftovers } from './sweep-find.js';
import { type TeardownContext, teardown } from './teardown.js';
import type { CleanupItem, DrillPorts, Leftover } from './types.js';
import { verifyClean } from './verify-clean.js';

export interface SweepInput extends SweepScope {
  runId: string;
  /** List only; delete nothing. Default: true (the CLI asks for --yes to delete). */
  dryRun: boolean;
  /** KMS pending window, days. Default: 7. */
  keyDeletionDays?: number;
}

export interface SweepResult {
  candidates: SweepCandidate[];
  cleaned: CleanupItem[];
  leftovers: Leftover[];
  dryRun: boolean;
}

/**
 * A dead drill leaves its lock on the drill record, which would refuse the next drill:
 * broken when it is the swept drill's own, or older than `minAgeMs`.
 */
async function breakDeadLock(ctx: TeardownContext, input: SweepInput, c: SweepCandidate) {
  const r = c.inventory.record!;
  const key = lockKeyFor(r.zoneId, r.name, r.type);
  const holder = await ctx.ports.lock.read(key);
  if (!holder) return undefined;
  const dead =
    holder.runId === c.runId || ctx.ports.clock.now() - Date.parse(holder.startedAt) >= input.minAgeMs;
  if (!dead) return undefined;
  await ctx.journal.lockBroken(holder);
  await ctx.ports.lock.breakLock(key, holder);
  const item = {
    kind: 'lock' as const,
    id: key,
    region: c.inventory.region,
    action: 'deleted' as const,
    detail: `held by run ${holder.runId}`,
  };
  ctx.em.emit('drill-cleanup', item);
  return item;
}

export async function sweepDrills(
  input: SweepInput,
  ports: DrillPorts,
  sink: EventSink,
): Promise<SweepResult> {
  const candidates = await findLeftovers(ports, input);
  const result: SweepResult = { candidates, cleaned: [], leftovers: [], dryRun: input.dryRun };
  if (input.dryRun) return result;
  const journal = new RunJournal(ports.journal, input.runId, ports.clock);
  await journal.write('run-started', { runId: input.runId, command: 'sweep' });
  for (const c of candidates.filter((x) => !x.skip)) {
    const r = c.inventory.record;
    const ctx: TeardownContext = {
      runId: input.runId,
      ports,
      sink,
      em: new Emitter(sink, ports.clock),
      journal,
      waits: resolveWaits(),
      timings: [],
      zoneId: r?.zoneId ?? input.hostedZoneId,
      name: r?.name ?? '',
      type: r?.type ?? 'A',
      cleanup: ports.cleanup,
      keyDeletionDays: input.keyDeletionDays ?? DEFAULTS.drillKeyDeletionDays,
    };
    await journal.write('drill-inventory', c.inventory);
    result.cleaned.push(...(await teardown(ctx, c.inventory)));
    const lock = r ? await breakDeadLock(ctx, input, c) : undefined;
    if (lock) result.cleaned.push(lock);
    const left = await verifyClean(ctx, c.inventory);
    result.leftovers.push(...left);
    if (left.length === 0 && c.runId) {
      await ports.journal.append(c.runId, {
        at: new Date(ports.clock.now()).toISOString(),
        kind: 'drill-clean',
      });
    }
  }
  await journal.write('run-finished', { outcome: result.leftovers.length ? 'leftovers' : 'clean' });
  return result;
}
