import { describe, expect, it } from 'vitest';
import { type FleetApp, type FleetEvent, runFleet } from '../../../src/engine/fleet/index.js';
import type { FailoverOutcome } from '../../../src/engine/input.js';
import { DrctlError } from '../../../src/errors.js';
import { FakeClock } from '../../fakes/clock.js';

const app = (name: string, wave: number): FleetApp => ({
  name,
  wave,
  runId: `run-${name}`,
  journal: `/j/${name}`,
});

function outcome(kind: FailoverOutcome['kind'], runId: string): FailoverOutcome {
  const base = { runId, timings: [], totalMs: 0, journal: '' };
  switch (kind) {
    case 'held':
      return { ...base, kind, from: 'a', to: 'b', reason: 'r', cause: 'PROBE_FAILED', why: 'policy' };
    case 'rolled-back':
      return { ...base, kind, reason: 'probe failed', cause: 'PROBE_FAILED', restore: [] };
    case 'aborted':
      return { ...base, kind, reason: 'interrupted', dnsChanged: false };
    case 'no-op':
      return { ...base, kind, reason: 'already' };
    default:
      return {
        ...base,
        kind: 'flipped',
        from: 'a',
        to: 'b',
        alb: { arn: '', dnsName: '', canonicalHostedZoneId: '', targetGroupArns: [] },
        batches: [],
        answerVerified: true,
      };
  }
}

/** A run that takes `ms` of fake time and ends as `plan` says; logs starts and ends. */
function scripted(clock: FakeClock, plan: Record<string, FailoverOutcome['kind'] | Error>, log: string[]) {
  let inFlight = 0;
  let maxInFlight = 0;
  const run = async (a: FleetApp, _sink: unknown, signal?: AbortSignal) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    log.push(`start ${a.name}`);
    try {
      await clock.sleep(1000 * a.name.length, signal).catch(() => undefined);
      const p = plan[a.name] ?? 'flipped';
      if (p instanceof Error) throw p;
      return outcome(signal?.aborted ? 'aborted' : p, a.runId);
    } finally {
      inFlight--;
      log.push(`end ${a.name}`);
    }
  };
  return { run, max: () => maxInFlight };
}

describe('runFleet: waves, concurrency, isolation', () => {
  it('finishes every app of wave 1 (moved or failed) before any app of wave 2 starts', async () => {
    const clock = new FakeClock(0);
    const log: string[] = [];
    const s = scripted(clock, { bbbb: new DrctlError('STACK_FAILED', 'stack failed') }, log);
    const apps = [app('c', 2), app('a', 1), app('bbbb', 1), app('d', 2)];
    const r = await runFleet(apps, { concurrency: 5 }, s.run, { clock, sink: { emit: () => {} } });
    const firstWave2 = log.findIndex((l) => l === 'start c' || l === 'start d');
    expect(log.slice(0, firstWave2).sort()).toEqual(['end a', 'end bbbb', 'start a', 'start bbbb']);
    // One app failing neither stops nor rolls back the others; results keep the file's order.
    expect(r.apps.map((x) => `${x.app}:${x.status}`)).toEqual([
      'c:moved',
      'a:moved',
      'bbbb:failed',
      'd:moved',
    ]);
    expect(r.apps[2]?.error).toEqual({ code: 'STACK_FAILED', message: 'stack failed' });
    expect(r.allMoved).toBe(false);
  });

  it('never runs more than `concurrency` apps at once', async () => {
    const clock = new FakeClock(0);
    const s = scripted(clock, {}, []);
    const apps = ['a', 'bb', 'ccc', 'dddd', 'eeeee', 'f', 'gg'].map((n) => app(n, 1));
    const r = await runFleet(apps, { concurrency: 3 }, s.run, { clock, sink: { emit: () => {} } });
    expect(s.max()).toBe(3);
    expect(r.allMoved).toBe(true);
  });

  it('maps every outcome to its status: no-op is moved, held, rolled back, aborted', async () => {
    const clock = new FakeClock(0);
    const plan = { a: 'no-op', b: 'held', c: 'rolled-back', d: 'aborted' } as const;
    const s = scripted(clock, plan, []);
    const r = await runFleet(
      ['a', 'b', 'c', 'd'].map((n) => app(n, 1)),
      { concurrency: 4 },
      s.run,
      { clock, sink: { emit: () => {} } },
    );
    expect(r.apps.map((x) => x.status)).toEqual(['moved', 'held', 'rolled-back', 'aborted']);
  });

  it('with onWaveFailure stop, a wave that did not all move keeps later waves from starting', async () => {
    const clock = new FakeClock(0);
    const log: string[] = [];
    const s = scripted(clock, { b: 'rolled-back' }, log);
    const r = await runFleet(
      [app('a', 1), app('b', 1), app('c', 2), app('d', 3)],
      { concurrency: 2, onWaveFailure: 'stop' },
      s.run,
      {
        clock,
        sink: { emit: () => {} },
      },
    );
    expect(log).not.toContain('start c');
    expect(r.apps.map((x) => x.status)).toEqual(['moved', 'rolled-back', 'not-started', 'not-started']);
    expect(r.stoppedAfterWave).toBe(1);
    expect(r.apps[2]?.error?.message).toBe('wave 1 did not all move');
  });

  it('with the default (continue), later waves run after a failed one', async () => {
    const clock = new FakeClock(0);
    const s = scripted(clock, { a: new Error('boom') }, []);
    const r = await runFleet([app('a', 1), app('b', 2)], { concurrency: 1 }, s.run, {
      clock,
      sink: { emit: () => {} },
    });
    expect(r.apps.map((x) => `${x.status}:${x.error?.code ?? ''}`)).toEqual(['failed:INTERNAL', 'moved:']);
    expect(r.stoppedAfterWave).toBeUndefined();
  });

  it('an interrupt lets running apps stop safely and starts no more', async () => {
    const clock = new FakeClock(0);
    const log: string[] = [];
    const s = scripted(clock, {}, log);
    const controller = new AbortController();
    const sink = {
      emit: (e: FleetEvent) => {
        if (e.code === 'app-start' && e.data.app === 'a') controller.abort();
      },
    };
    const r = await runFleet([app('a', 1), app('b', 1), app('c', 2)], { concurrency: 1 }, s.run, {
      clock,
      sink,
      signal: controller.signal,
    });
    expect(log).toEqual(['start a', 'end a']);
    expect(r.apps.map((x) => x.status)).toEqual(['aborted', 'not-started', 'not-started']);
    expect(r.interrupted).toBe(true);
  });

  it('tags each app event with its app, in span with fleet, wave and app events', async () => {
    const clock = new FakeClock(0);
    const events: FleetEvent[] = [];
    await runFleet(
      [app('a', 1), app('b', 2)],
      { concurrency: 1 },
      async (a, sink) => {
        sink.emit({ code: 'warning', at: clock.now(), data: { message: `hi from ${a.name}` } });
        return outcome('flipped', a.runId);
      },
      { clock, sink: { emit: (e) => events.push(e) } },
    );
    expect(events.map((e) => (e.code === 'app-event' ? `${e.code}:${e.data.app}` : e.code))).toEqual([
      'fleet-start',
      'wave-start',
      'app-start',
      'app-event:a',
      'app-end',
      'wave-end',
      'wave-start',
      'app-start',
      'app-event:b',
      'app-end',
      'wave-end',
      'fleet-end',
    ]);
  });

  it('refuses a fleet it cannot run: no apps, a name twice, concurrency below 1', async () => {
    const clock = new FakeClock(0);
    const deps = { clock, sink: { emit: () => {} } };
    const run = async (a: FleetApp) => outcome('flipped', a.runId);
    await expect(runFleet([], { concurrency: 1 }, run, deps)).rejects.toThrow(/at least one application/);
    await expect(runFleet([app('a', 1), app('a', 2)], { concurrency: 1 }, run, deps)).rejects.toThrow(
      /a appears twice/,
    );
    await expect(runFleet([app('a', 1)], { concurrency: 0 }, run, deps)).rejects.toThrow(/at least 1/);
  });
});
