/**
 * Finding the leftovers of drills that died. Two sources, because either may be missing:
 * the journals on this machine (exact: they list even a snapshot copy or a retained
 * bucket whose stack is gone), and the drill tags on the stacks in every target region
 * (for drills run elsewhere: a CI runner that died takes its journal with it).
 */

import type { RecordType } from '../../ports/dns.js';
import { stackStatus } from '../../ports/stack-status.js';
import type { EnginePorts } from '../input.js';
import { lockKeyFor } from '../input.js';
import { recoveryIntents } from '../journal-entries.js';
import { emptyInventory, inventoryFromEntries, mergeInventory } from './inventory.js';
import type { DrillInventory } from './types.js';

export interface SweepScope {
  app: string;
  /** Regions to look for drill stacks in (the config's target regions). */
  regions: string[];
  hostedZoneId: string;
  /** The drill record, when drills use DNS. */
  record?: { name: string; type: RecordType };
  /** Blueprint stack keys in deployment waves, to delete tagged stacks in reverse order. */
  waves: string[][];
  /** Drills younger than this may still be running and are left alone, ms. */
  minAgeMs: number;
}

export interface SweepCandidate {
  drillId: string;
  source: 'journal' | 'tags' | 'record';
  /** The run whose journal listed it (source `journal`). */
  runId?: string;
  startedAt?: string;
  inventory: DrillInventory;
  /** Why it is left alone (too young, record locked by a running drill). */
  skip?: string;
}

async function fromJournals(ports: EnginePorts): Promise<SweepCandidate[]> {
  const out: SweepCandidate[] = [];
  for (const run of (await ports.journal.list()).filter((r) => r.command === 'drill')) {
    const entries = await ports.journal.read(run.runId).catch(() => []);
    if (entries.some((e) => e.kind === 'drill-clean')) continue;
    const inv = inventoryFromEntries(entries);
    if (!inv) continue;
    // A copy the data step started but the drill never journaled in its inventory (it died first).
    const copies = recoveryIntents(entries).flatMap((i) =>
      i.kind === 'data-copy-intent' ? [i.targetId] : [],
    );
    mergeInventory(inv, { snapshots: copies });
    out.push({
      drillId: inv.drillId,
      source: 'journal',
      runId: run.runId,
      startedAt: run.startedAt,
      inventory: inv,
    });
  }
  return out;
}

async function fromTags(
  ports: EnginePorts,
  scope: SweepScope,
  known: Set<string>,
): Promise<SweepCandidate[]> {
  const byDrill = new Map<string, SweepCandidate>();
  const order = (key: string | undefined) => scope.waves.findIndex((w) => w.includes(key ?? ''));
  for (const region of scope.regions) {
    const stacks = (await ports.stacks.listByApp(region, scope.app)).filter(
      (s) => s.tags['drctl:drill'] && !stackStatus.isDeleted(s.status),
    );
    for (const s of stacks) {
      const id = s.tags['drctl:drill']!;
      if (known.has(id)) continue;
      const c = byDrill.get(`${region}/${id}`) ?? {
        drillId: id,
        source: 'tags' as const,
        ...(s.tags['drctl:drill-started'] ? { startedAt: s.tags['drctl:drill-started'] } : {}),
        inventory: emptyInventory(id, region),
      };
      byDrill.set(`${region}/${id}`, c);
      // A stack of an unknown key joins the first wave (deleted last, after its dependants).
      const w = Math.max(0, order(s.tags['drctl:stack']));
      c.inventory.stacks[w] = [...(c.inventory.stacks[w] ?? []), s.name];
    }
  }
  for (const c of byDrill.values()) c.inventory.stacks = c.inventory.stacks.map((w) => w ?? []);
  return [...byDrill.values()];
}

async function fromRecord(ports: EnginePorts, scope: SweepScope, found: SweepCandidate[]) {
  const r = scope.record;
  if (!r || found.some((c) => c.inventory.record)) return [];
  const sets = await ports.dns.listRecordSets(scope.hostedZoneId, r.name, r.type);
  if (sets.length === 0) return [];
  const holder = await ports.lock.read(lockKeyFor(scope.hostedZoneId, r.name, r.type));
  const inventory = {
    ...emptyInventory('unknown', scope.regions[0] ?? ''),
    record: { zoneId: scope.hostedZoneId, name: r.name, type: r.type },
  };
  const live = holder && ports.clock.now() - Date.parse(holder.startedAt) < scope.minAgeMs;
  const skip = live ? `drill run ${holder.runId} holds the drill record's lock` : undefined;
  return [{ drillId: 'unknown', source: 'record' as const, inventory, ...(skip ? { skip } : {}) }];
}

/** Every drill leftover found, with a reason when it must be left alone. */
export async function findLeftovers(ports: EnginePorts, scope: SweepScope): Promise<SweepCandidate[]> {
  const journaled = await fromJournals(ports);
  const tagged = await fromTags(ports, scope, new Set(journaled.map((c) => c.drillId)));
  const all = [...journaled, ...tagged];
  const now = ports.clock.now();
  for (const c of all) {
    const started = c.startedAt ? Date.parse(c.startedAt) : Number.NaN;
    if (Number.isFinite(started) && now - started < scope.minAgeMs) {
      c.skip = `started ${Math.round((now - started) / 60_000)} min ago: it may still be running (--min-age)`;
    }
  }
  return [...all, ...(await fromRecord(ports, scope, all))];
}
