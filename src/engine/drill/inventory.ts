/**
 * What a drill made. Known before it starts (its stacks, its record) and completed as it
 * goes: the resources the blueprint retains are read from the stacks' outputs before the
 * stacks are deleted, and each addition is journaled first, so a drill that dies mid-
 * teardown can still be swept from its journal.
 */
import type { StackPort } from '../../ports/stacks.js';
import type { RunJournal } from '../run-journal.js';
import type { DrillInput, DrillInventory, RetainedOutput } from './types.js';

export function baseInventory(input: DrillInput): DrillInventory {
  const f = input.failover;
  return {
    drillId: input.drillId,
    region: f.targetRegion,
    stacks: f.waves.map((w) => w.map((s) => s.name)),
    ...(input.dns ? { record: { zoneId: f.hostedZoneId, name: f.record.name, type: f.record.type } } : {}),
    buckets: [],
    keys: [],
    clusters: [],
    snapshots: [],
  };
}

const LISTS = ['buckets', 'keys', 'clusters', 'snapshots'] as const;

/** Adds what `more` names to `inv` (no duplicates); returns whether anything was new. */
export function mergeInventory(inv: DrillInventory, more: Partial<DrillInventory>): boolean {
  let changed = false;
  for (const k of LISTS) {
    for (const id of more[k] ?? []) {
      if (!inv[k].includes(id)) {
        inv[k].push(id);
        changed = true;
      }
    }
  }
  return changed;
}

const LIST_OF = { bucket: 'buckets', 'kms-key': 'keys', cluster: 'clusters' } as const;

/** The retained resources named by the outputs of the drill's stacks that still exist. */
export async function retainedFromOutputs(
  stacks: StackPort,
  region: string,
  retained: RetainedOutput[],
): Promise<Partial<DrillInventory>> {
  const found: Partial<Record<'buckets' | 'keys' | 'clusters', string[]>> = {};
  const infos = new Map<string, Awaited<ReturnType<StackPort['describe']>>>();
  for (const r of retained) {
    if (!infos.has(r.stack)) infos.set(r.stack, await stacks.describe(region, r.stack));
    const value = infos.get(r.stack)?.outputs[r.output];
    if (!value) continue;
    const list = LIST_OF[r.kind];
    found[list] = [...(found[list] ?? []), value];
  }
  return found;
}

/** Journals an inventory update before anything it names is deleted. */
export async function journalInventory(journal: RunJournal, inv: DrillInventory): Promise<void> {
  await journal.write('drill-inventory', undefined, inv as unknown as Record<string, unknown>);
}

/** The last inventory a drill journaled, or undefined. */
export function inventoryFromEntries(
  entries: { kind: string; data?: Record<string, unknown> }[],
): DrillInventory | undefined {
  const last = [...entries].reverse().find((e) => e.kind === 'drill-inventory');
  return last?.data as DrillInventory | undefined;
}
