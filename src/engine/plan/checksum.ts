/**
 * The plan's checksum: sha256 of the canonical JSON of what it saw (record sets, stack
 * states). `failover --plan` reads the world again and refuses when it differs, naming
 * the first difference in one sentence.
 */
import { createHash } from 'node:crypto';
import type { RecordSet } from '../../ports/dns.js';
import type { StackInfo } from '../../ports/stacks.js';
import { canonicalJson, recordKey, sameRecordSet } from '../dns-restore.js';
import type { Observed } from './types.js';

export function observedOf(records: RecordSet[], stacks: Iterable<StackInfo>): Observed {
  return {
    recordSets: [...records].sort((a, b) => recordKey(a).localeCompare(recordKey(b))),
    stacks: [...stacks]
      .map((s) => ({
        name: s.name,
        status: s.status,
        ...(s.lastUpdated ? { lastUpdated: s.lastUpdated.toISOString() } : {}),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

export function checksumOf(observed: Observed): string {
  return `sha256:${createHash('sha256').update(canonicalJson(observed)).digest('hex')}`;
}

const label = (rs: RecordSet) =>
  `${rs.Name} ${rs.Type}${rs.SetIdentifier ? ` (set ${rs.SetIdentifier})` : ''}`;

function recordChange(then: RecordSet[], now: RecordSet[]): string | undefined {
  const before = new Map(then.map((rs) => [recordKey(rs), rs]));
  const after = new Map(now.map((rs) => [recordKey(rs), rs]));
  for (const [k, rs] of before) {
    const cur = after.get(k);
    if (!cur) return `the record set ${label(rs)} was deleted`;
    if (!sameRecordSet(rs, cur)) return `the record set ${label(rs)} was changed`;
  }
  for (const [k, rs] of after) if (!before.has(k)) return `the record set ${label(rs)} was added`;
  return undefined;
}

function stackChange(then: Observed['stacks'], now: Observed['stacks']): string | undefined {
  const before = new Map(then.map((s) => [s.name, s]));
  const after = new Map(now.map((s) => [s.name, s]));
  for (const name of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(name);
    const b = after.get(name);
    if (!b) return `stack ${name} no longer exists (was ${a!.status})`;
    if (!a) return `stack ${name} now exists (${b.status})`;
    if (a.status !== b.status) return `stack ${name} is now ${b.status} (was ${a.status})`;
    if (a.lastUpdated !== b.lastUpdated) return `stack ${name} was updated at ${b.lastUpdated}`;
  }
  return undefined;
}

/** The first thing that changed since the plan, as a phrase; undefined when nothing did. */
export function whatChanged(then: Observed, now: Observed): string | undefined {
  if (checksumOf(then) === checksumOf(now)) return undefined;
  return (
    recordChange(then.recordSets, now.recordSets) ??
    stackChange(then.stacks, now.stacks) ??
    'what the plan saw differs from the world now'
  );
}
