/** Assertions every flow test makes: the safety invariants, read off the fakes. */
import { expect } from 'vitest';
import { exitCodeOfOutcome } from '../../../src/cli/exit-codes.js';
import type { FailoverOutcome } from '../../../src/engine/input.js';
import { exitCodeOf } from '../../../src/errors.js';
import type { World } from '../../fakes/world.js';

export type Ran = { outcome?: FailoverOutcome; error?: unknown; exit: number };

export async function settle(p: Promise<FailoverOutcome>): Promise<Ran> {
  try {
    const outcome = await p;
    return { outcome, exit: exitCodeOfOutcome(outcome) };
  } catch (error) {
    return { error, exit: exitCodeOf(error) };
  }
}

/** Invariant 5: each mutating call consumes an earlier `step-intent` for it. */
export function expectWriteAhead(w: World): void {
  const intents: string[] = [];
  for (const line of w.timeline) {
    const intent = line.match(/^journal step-intent (\S+)$/) ?? line.match(/^journal (lock-broken) lock$/);
    if (intent) intents.push(intent[1]!);
    const need = mutationIntent(line);
    if (!need) continue;
    const i = intents.findIndex(need);
    expect(i, `no step-intent before "${line}" in:\n${w.timeline.join('\n')}`).toBeGreaterThanOrEqual(0);
    intents.splice(i, 1);
  }
}

function mutationIntent(line: string): ((s: string) => boolean) | undefined {
  const stack = line.match(/^call stacks\.(create|update) (\S+)$/);
  if (stack) return (s) => s === `deploy:${stack[2]}`;
  if (line.startsWith('dns-change')) return (s) => s.startsWith('flip:') || s === 'rollback';
  if (line === 'call lock.acquire') return (s) => s === 'lock';
  if (line === 'call lock.release') return (s) => s === 'release-lock';
  if (line === 'call lock.breakLock') return (s) => s === 'lock-broken';
  return undefined;
}

/** Invariant 1: the N probes right before the first DNS change went to the new ALB and passed. */
export function expectProbedBeforeFlip(w: World, n = 3): void {
  const first = w.timeline.findIndex((l) => l.startsWith('dns-change'));
  if (first < 0) return;
  const probes = w.timeline.slice(0, first).filter((l) => l.startsWith('probe'));
  expect(probes.slice(-n)).toEqual(Array(n).fill('probe direct ok'));
}

export function expectNoDnsChange(w: World): void {
  expect(w.dns.changeLog).toEqual([]);
  expect(w.dns.sets).toEqual(w.seed);
}

/** Invariant 2: after a rollback, every field of every set equals the snapshot. */
export function expectRestored(w: World): void {
  expect(w.dns.sets).toHaveLength(w.seed.length);
  for (const rs of w.seed) {
    expect(w.dns.sets.find((s) => s.SetIdentifier === rs.SetIdentifier)).toStrictEqual(rs);
  }
}

export function expectLockReleased(w: World): void {
  expect([...w.lock.locks.keys()]).toEqual([]);
}

export function errorCode(r: Ran): string | undefined {
  return (r.error as { code?: string } | undefined)?.code;
}
