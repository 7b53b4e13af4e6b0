/**
 * What a drill made. Known before it starts (its stacks, its record) and completed as it
 * goes: the resources the blueprint retains are read from the stacks' resources before the
 * stacks are deleted, and each addition is journaled first, so a drill that dies mid-
 * teardown can still be swept from its journal.
 */
import type { DrillCleanupPort } from '../../ports/drill-cleanup.js';
import type { JournalEntry } from '../../ports/journal.js';
import { lastOf } from '../journal-entries.js';
import type { DrillInput, DrillInventory } from './types.js';

export const emptyInventory = (drillId: string, region: string): DrillInventory => ({
  drillId,
  region,
  stacks: [],
  buckets: [],
  keys: [],
  clusters: [],
  snapshots: [],
});

export function baseInventory(input: DrillInput): DrillInventory {
  const f = input.failover;
  return {
    ...emptyInventory(input.drillId, f.targetRegion),
    stacks: f.waves.map((w) => w.map((s) => s.name)),
    ...(input.dns ? { record: { zoneId: f.hostedZoneId, name: f.record.name, type: f.record.type } } : {}),
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

/** Resource types the blueprint retains (or snapshots) when their stack is deleted. */
const RETAINED_TYPES: Record<string, 'buckets' | 'keys' | 'clusters'> = {
  'AWS::S3::Bucket': 'buckets',
  'AWS::KMS::Key': 'keys',
  'AWS::RDS::DBCluster': 'clusters',
};

/**
 * Buckets, KMS keys and Aurora clusters of the drill's stacks, read from the stacks'
 * resources (not their outputs: a stack interrupted mid-creation has made some and has
 * no outputs yet). One that is not retained is simply found `absent` later.
 */
export async function retainedOf(
  cleanup: DrillCleanupPort,
  region: string,
  stacks: string[],
): Promise<Partial<DrillInventory>> {
  const found: Partial<Record<'buckets' | 'keys' | 'clusters', string[]>> = {};
  for (const stack of stacks) {
    for (const r of await cleanup.stackResources(region, stack)) {
      const list = RETAINED_TYPES[r.type];
      if (list && r.physicalId) found[list] = [...(found[list] ?? []), r.physicalId];
    }
  }
  return found;
}

/** The last inventory a drill journaled, or undefined. */
export function inventoryFromEntries(entries: JournalEntry[]): DrillInventory | undefined {
  return lastOf(entries, 'drill-inventory');
}
