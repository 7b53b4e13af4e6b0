/**
 * Invariant 9 at the flip: drctl never creates a record that should exist, and never
 * overwrites a record that changed after it was read (the flip batch DELETEs each set
 * with the exact values read, so Route 53 refuses the whole batch if anyone changed it).
 */
import { describe, expect, it } from 'vitest';
import { failover } from '../../../src/engine/failover.js';
import { resumeRun } from '../../../src/engine/resume.js';
import type { RecordSet } from '../../../src/ports/dns.js';
import { createWorld, inputFor } from '../../fakes/world.js';
import { errorCode, expectLockReleased, settle } from './helpers.js';

const deployed = (w: ReturnType<typeof createWorld>) =>
  w.calls.filter((c) => c.port === 'stacks' && c.mutating);

describe('a configured record set that does not exist is never created', () => {
  it('AAAA configured, only an A record in the zone: refused before any change (exit 2)', async () => {
    const w = createWorld('simple');
    const input = inputFor('simple');
    input.record.type = 'AAAA';
    const r = await settle(failover(input, w.ports, w.sink));
    expect(errorCode(r)).toBe('CONFIG_INVALID');
    expect(r.exit).toBe(2);
    expect((r.error as Error).message).toBe(
      'no AAAA record set named www.example.com exists in hosted zone ZFAKE',
    );
    expect(w.dns.changeLog).toEqual([]);
    expect(deployed(w)).toEqual([]);
    expect(w.dns.sets).toEqual(w.seed);
  });

  it.each(['simple', 'failover', 'weighted', 'latency'] as const)(
    '%s: an empty zone is refused the same way',
    async (routing) => {
      const w = createWorld(routing);
      w.dns.sets = [];
      const r = await settle(failover(inputFor(routing), w.ports, w.sink));
      expect(r.exit).toBe(2);
      expect(w.dns.changeLog).toEqual([]);
      expect(deployed(w)).toEqual([]);
    },
  );

  it('resume refuses too when the record has gone since the run stopped', async () => {
    const w = createWorld('simple');
    w.sink.answers['confirm-flip'] = 'no';
    const first = await settle(failover(inputFor('simple', { flags: {} }), w.ports, w.sink));
    expect(first.outcome).toMatchObject({ kind: 'aborted', reason: 'declined' });
    w.dns.sets = [];
    const r = await settle(resumeRun('run-1', inputFor('simple'), w.ports, w.sink));
    expect(errorCode(r)).toBe('CONFIG_INVALID');
    expect(w.dns.changeLog).toEqual([]);
  });
});

describe('the flip batch fences the record it read', () => {
  it.each(['simple', 'weighted', 'latency'] as const)(
    '%s: a change made after the snapshot makes the flip fail whole; that change survives',
    async (routing) => {
      const w = createWorld(routing);
      let theirs: RecordSet | undefined;
      w.sink.onEvent = (e) => {
        if (e.code !== 'dns-plan' || theirs) return;
        // Someone (a human, a run whose lock was broken) re-points the serving set.
        const serving = w.dns.sets[0]!;
        theirs = {
          ...serving,
          AliasTarget: { ...serving.AliasTarget!, DNSName: 'dualstack.someone-else.elb.amazonaws.com.' },
        };
        w.dns.sets = [theirs, ...w.dns.sets.slice(1)];
      };
      const r = await settle(failover(inputFor(routing), w.ports, w.sink));
      expect((r.error as Error).name).toBe('InvalidChangeBatch');
      expect(w.dns.changeLog).toEqual([]);
      expect(w.dns.sets).toContainEqual(theirs);
      expectLockReleased(w);
    },
  );
});
