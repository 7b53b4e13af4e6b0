import { describe, expect, it } from 'vitest';
import { Expectations } from '../../../src/engine/expectations.js';
import { failover } from '../../../src/engine/failover.js';
import type { JournalEntry } from '../../../src/ports/journal.js';
import { MemoryJournal } from '../../fakes/memory.js';
import { createWorld, inputFor } from '../../fakes/world.js';

const input = {
  runId: 'now',
  app: 'shop',
  targetRegion: 'us-east-1',
  waves: [
    [{ name: 'net', templateBody: 'Type: AWS::EC2::VPC', parameters: {} }],
    [{ name: 'db', templateBody: 'Type: AWS::RDS::DBCluster', parameters: {} }],
  ],
};
const at = (s: number) => new Date(Date.UTC(2026, 0, 1) + s * 1000).toISOString();

/** A past run's journal: `net` created in `netSeconds`, INSYNC after `insync` s. */
function past(o: {
  runId: string;
  app?: string;
  to?: string;
  netSeconds: number;
  insync?: number;
  command?: string;
  /** When its run finished, s (2000); and whether it got to a verified flip (yes). */
  finished?: number;
  verified?: boolean;
}) {
  const entries: JournalEntry[] = [
    {
      at: at(0),
      kind: 'run-started',
      data: { command: o.command ?? 'failover', app: o.app ?? 'shop', to: o.to ?? 'us-east-1' },
    },
    {
      at: at(1),
      kind: 'step-intent',
      step: 'deploy:net',
      data: { stack: 'net', region: 'us-east-1', action: 'create' },
    },
    { at: at(1 + o.netSeconds), kind: 'step-done', step: 'deploy:net', data: { status: 'CREATE_COMPLETE' } },
    {
      at: at(o.finished ?? 2000),
      kind: 'run-finished',
      data: {
        outcome: 'flipped',
        timings: [
          { phase: 'await-insync', step: 1, durationMs: (o.insync ?? 40) * 1000, result: 'ok' },
          ...(o.verified === false ? [] : [{ phase: 'verify', step: 1, durationMs: 1000, result: 'ok' }]),
        ],
      },
    },
  ];
  return [o.runId, entries] as const;
}

describe('expected durations', () => {
  it('without history, no wait polls by expectation: they keep their plain backoff', async () => {
    const e = await Expectations.learn(input, new MemoryJournal());
    expect(e.stack('db', 'create')).toBeUndefined();
    expect(e.stack('net', 'create')).toBeUndefined();
    expect(e.insync()).toBeUndefined();
    expect(e.targets()).toBeUndefined();
    expect(e.known).toEqual([]);
  });

  it('past runs of the same app into the same region replace the model by their median', async () => {
    const j = new MemoryJournal();
    j.runs = new Map([
      past({ runId: 'a', netSeconds: 100, insync: 30 }),
      past({ runId: 'b', netSeconds: 200, command: 'drill' }),
      past({ runId: 'c', netSeconds: 180 }),
      // Another app, another region: not this one's history.
      past({ runId: 'd', netSeconds: 5, app: 'blog' }),
      past({ runId: 'e', netSeconds: 5, to: 'eu-west-1' }),
    ]);
    const e = await Expectations.learn(input, j);
    expect(e.stack('net', 'create')).toBe(180_000);
    expect(e.insync()).toBe(40_000);
    // Nothing learned about db, nor about updates: those waits poll by backoff.
    expect(e.stack('db', 'create')).toBeUndefined();
    expect(e.stack('net', 'update')).toBeUndefined();
    expect([...e.known].sort()).toEqual(['insync', 'run', 'stack net create']);
  });

  it("a whole run's length, for the fleet's start order, from past runs that got to a verified flip", async () => {
    const j = new MemoryJournal();
    j.runs = new Map([
      past({ runId: 'a', netSeconds: 100, finished: 3000 }),
      past({ runId: 'b', netSeconds: 100, finished: 3400, command: 'drill' }),
      // Ended before verifying (stopped, failed): its length says nothing of a failover's.
      past({ runId: 'c', netSeconds: 100, finished: 20, verified: false }),
    ]);
    expect((await Expectations.learn(input, j)).run()).toBe(3_200_000);
    expect((await Expectations.learn(input, new MemoryJournal())).run()).toBeUndefined();
  });

  it('a journal that cannot be read, or a listing that fails, leaves every wait to its backoff', async () => {
    const j = new MemoryJournal();
    j.runs = new Map([past({ runId: 'a', netSeconds: 100 })]);
    j.read = async () => {
      throw new Error('EACCES');
    };
    expect((await Expectations.learn(input, j)).known).toEqual([]);
    j.list = async () => {
      throw new Error('EACCES');
    };
    expect((await Expectations.learn(input, j)).known).toEqual([]);
  });

  it('a run does not learn from its own journal (a resumed run has one)', async () => {
    const j = new MemoryJournal();
    j.runs = new Map([past({ runId: 'now', netSeconds: 100 })]);
    expect((await Expectations.learn(input, j)).known).toEqual([]);
  });

  it('a failover journals what the next one learns from', async () => {
    const w = createWorld('simple');
    const first = inputFor('simple');
    await failover(first, w.ports, w.sink);
    const e = await Expectations.learn({ ...first, runId: 'run-2' }, w.ports.journal);
    expect(e.known).toEqual(
      expect.arrayContaining(['stack shop-network create', 'stack shop-alb create', 'insync', 'targets']),
    );
  });
});
