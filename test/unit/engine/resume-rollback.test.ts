/**
 * Runs that die (kill -9: no catch, no finally, nothing more written) and are then resumed
 * or rolled back by run id. A "kill" is a port call that never returns.
 */
import { describe, expect, it } from 'vitest';
import { failover } from '../../../src/engine/failover.js';
import type { EnginePorts } from '../../../src/engine/input.js';
import { resumeRun } from '../../../src/engine/resume.js';
import { rollbackRun } from '../../../src/engine/rollback.js';
import { DrctlError } from '../../../src/errors.js';
import { RecordingSink } from '../../fakes/sink.js';
import { createWorld, inputFor, type World } from '../../fakes/world.js';
import { errorCode, expectLockReleased, expectRestored, expectWriteAhead, settle } from './helpers.js';

const never = () => new Promise<never>(() => {});

/** Ports whose `method` hangs forever on its `nth` call, after (`after`) or before doing its work. */
function killedAt(
  w: World,
  port: 'dns' | 'stacks',
  method: string,
  when: 'before' | 'after',
  nth = 1,
): EnginePorts {
  const real = w.ports[port] as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  let calls = 0;
  const wrapped = new Proxy(real, {
    get(obj, prop) {
      const fn = Reflect.get(obj, prop) as (...a: unknown[]) => Promise<unknown>;
      if (prop !== method || typeof fn !== 'function') return typeof fn === 'function' ? fn.bind(obj) : fn;
      return async (...args: unknown[]) => {
        if (++calls !== nth) return fn.apply(obj, args);
        if (when === 'after') await fn.apply(obj, args);
        return never();
      };
    },
  });
  return { ...w.ports, [port]: wrapped };
}

async function die(w: World, ports: EnginePorts): Promise<void> {
  failover(inputFor('failover'), ports, w.sink).catch((e) => {
    throw new Error(`a killed run must not end, but it did: ${e}`);
  });
  for (let i = 0; i < 200; i++) await new Promise((r) => setImmediate(r));
}

describe('resume', () => {
  it('continues a run interrupted before the flip, as the aborted message tells the operator to', async () => {
    const w = createWorld();
    const ac = new AbortController();
    w.sink.onEvent = (e) => e.code === 'target-health' && ac.abort();
    const first = await settle(failover(inputFor('simple'), w.ports, w.sink, ac.signal));
    expect(first.outcome).toMatchObject({ kind: 'aborted', reason: 'interrupted' });
    const r = await settle(resumeRun('run-1', inputFor('simple'), w.ports, new RecordingSink()));
    expect(r.outcome?.kind).toBe('flipped');
    expectWriteAhead(w);
    expectLockReleased(w);
  });

  it('killed between the flip intent and its done, with the batch applied: reconciles, skips done steps, verifies', async () => {
    const w = createWorld('failover');
    await die(w, killedAt(w, 'dns', 'changeRecordSets', 'after'));
    expect(w.journal.kinds('run-1').at(-1)).toBe('step-intent flip:1');
    expect(w.dns.changeLog).toHaveLength(1);
    const callsBefore = w.calls.length;
    const sink = new RecordingSink();
    const r = await settle(resumeRun('run-1', inputFor('failover'), w.ports, sink));
    expect(r.outcome).toMatchObject({ kind: 'flipped' });
    expect(w.journal.kinds('run-1')).toContain('step-done flip:1');
    expect(sink.phases().filter((p) => p.endsWith(':skipped'))).toEqual([
      'deploy:skipped',
      'await-alb:skipped',
      'snapshot:skipped',
      'flip#1:skipped',
    ]);
    const after = w.calls.slice(callsBefore);
    expect(after.filter((c) => c.port === 'stacks' || c.method === 'changeRecordSets')).toEqual([]);
    expect(sink.of('warning')[0]!.message).toContain('INSYNC not confirmed');
    expect(w.dns.changeLog).toHaveLength(1);
    expectLockReleased(w);
  });

  it('killed after the flip intent but before Route 53 got it: re-probes, sends it again', async () => {
    const w = createWorld('failover');
    await die(w, killedAt(w, 'dns', 'changeRecordSets', 'before'));
    expect(w.dns.sets).toStrictEqual(w.seed);
    const probes = w.probe.requests.length;
    const r = await settle(resumeRun('run-1', inputFor('failover'), w.ports, new RecordingSink()));
    expect(r.outcome?.kind).toBe('flipped');
    expect(w.probe.requests.slice(probes, probes + 3).every((q) => q.connectHost)).toBe(true);
    expect(w.dns.changeLog).toHaveLength(1);
    expect(w.journal.kinds('run-1')).toContain('step-reconciled flip:1');
    expectWriteAhead(w);
    expectLockReleased(w);
  });

  it('killed while deploying: resumes, keeping the stacks already done', async () => {
    const w = createWorld('failover');
    await die(w, killedAt(w, 'stacks', 'create', 'after', 2));
    expect(w.journal.kinds('run-1')).toContain('step-done deploy:shop-network');
    expect(w.journal.kinds('run-1').at(-1)).toBe('step-intent deploy:shop-alb');
    const before = w.timeline.length;
    const r = await settle(resumeRun('run-1', inputFor('failover'), w.ports, new RecordingSink()));
    expect(r.outcome?.kind).toBe('flipped');
    // shop-network is not touched again; shop-alb's create is awaited, then found unchanged.
    expect(w.timeline.slice(before).filter((l) => l.startsWith('call stacks.'))).toEqual([
      'call stacks.update shop-alb',
    ]);
    expectLockReleased(w);
  });

  it('refuses when the record sets changed outside the run while it was dead', async () => {
    const w = createWorld('failover');
    await die(w, killedAt(w, 'dns', 'changeRecordSets', 'before'));
    await w.dns.changeRecordSets(
      'Z',
      [{ Action: 'UPSERT', ResourceRecordSet: { ...w.seed[1]!, TTL: 5 } }],
      'someone',
    );
    const r = await settle(resumeRun('run-1', inputFor('failover'), w.ports, new RecordingSink()));
    expect(errorCode(r)).toBe('REFUSED');
  });

  it('refuses a config that no longer matches the run, and finished runs are a no-op', async () => {
    const w = createWorld('failover');
    await failover(inputFor('failover'), w.ports, w.sink);
    expect((await resumeRun('run-1', inputFor('failover'), w.ports, new RecordingSink())).kind).toBe('no-op');
    const r = await settle(
      resumeRun('run-1', inputFor('failover', { targetRegion: 'eu-west-1' }), w.ports, new RecordingSink()),
    );
    expect(errorCode(r)).toBe('USAGE');
  });
});

describe('rollback by run id', () => {
  it('restores the journaled snapshot exactly after a run killed mid-flip, verifies, and is idempotent', async () => {
    const w = createWorld('failover');
    await die(w, killedAt(w, 'dns', 'changeRecordSets', 'after'));
    expect(w.dns.sets).not.toStrictEqual(w.seed);
    const sink = new RecordingSink();
    sink.answers['confirm-rollback'] = 'us-west-2';
    const r1 = await rollbackRun('run-1', w.ports, sink);
    expect(r1).toMatchObject({ kind: 'restored' });
    // It showed the batch, then asked for the region it restores.
    expect(sink.of('dns-plan')[0]?.batches[0]).toHaveLength(4);
    expect(sink.questions.map((q) => q.id)).toEqual(['confirm-rollback']);
    expect(r1.kind === 'restored' && r1.restore.length).toBe(4);
    expectRestored(w);
    // Proven by the record sets read back, not by an answer of addresses that change.
    expect(sink.of('dns-answer')).toEqual([]);
    expectLockReleased(w);
    const r2 = await rollbackRun('run-1', w.ports, new RecordingSink());
    expect(r2.kind === 'restored' && r2.restore).toEqual([]);
    expect(w.dns.changeLog).toHaveLength(2);
    expectWriteAhead(w);
  });

  it('a run killed before its flip is closed: its lock released, the run finished (journaled)', async () => {
    const w = createWorld('failover');
    await die(w, killedAt(w, 'stacks', 'create', 'after', 2));
    expect([...w.lock.locks.values()].map((h) => h.runId)).toEqual(['run-1']);
    const sink = new RecordingSink();
    sink.answers['close-run'] = true;
    expect(await rollbackRun('run-1', w.ports, sink)).toMatchObject({ kind: 'closed', lockReleased: true });
    expect(sink.questions[0]?.message).toContain('holds the lock');
    expectLockReleased(w);
    expect(w.journal.runs.get('run-1')?.at(-1)).toMatchObject({
      kind: 'run-finished',
      data: { outcome: 'closed' },
    });
    expect(w.dns.changeLog).toEqual([]);
    // Closed is final: a second rollback has nothing to do, a resume is a no-op.
    expect(await rollbackRun('run-1', w.ports, new RecordingSink())).toMatchObject({ kind: 'nothing-to-do' });
    expect((await resumeRun('run-1', inputFor('failover'), w.ports, new RecordingSink())).kind).toBe('no-op');
  });

  it('closing a dead run is declined by default: the lock stays, nothing is journaled', async () => {
    const w = createWorld('failover');
    await die(w, killedAt(w, 'stacks', 'create', 'after', 2));
    const entries = w.journal.kinds('run-1').length;
    expect(await rollbackRun('run-1', w.ports, new RecordingSink())).toMatchObject({ kind: 'aborted' });
    expect([...w.lock.locks.values()].map((h) => h.runId)).toEqual(['run-1']);
    expect(w.journal.kinds('run-1')).toHaveLength(entries);
  });

  it('closing a dead run whose lock was taken over leaves the other lock alone', async () => {
    const w = createWorld('failover');
    await die(w, killedAt(w, 'stacks', 'create', 'after', 2));
    const key = [...w.lock.locks.keys()][0]!;
    const other = { runId: 'run-2', holder: 'bob', host: 'ci', startedAt: '2026-01-01T00:00:00.000Z' };
    w.lock.locks.set(key, other);
    const r = await rollbackRun('run-1', w.ports, new RecordingSink(), { yes: true });
    expect(r).toMatchObject({ kind: 'closed', lockReleased: false });
    expect(w.lock.locks.get(key)).toEqual(other);
  });

  it('an unknown run id is bad input (exit 2), saying where it looked', async () => {
    const w = createWorld();
    const e = await rollbackRun('nope', w.ports, new RecordingSink()).catch((x) => x);
    expect(e).toMatchObject({ code: 'USAGE', exitCode: 2 });
    expect(e.message).toMatch(/^No journal for run nope at .+\.$/);
  });

  it('a damaged journal is bad input (exit 2) and keeps the sentence saying it is damaged', async () => {
    const w = createWorld();
    w.ports.journal.read = () =>
      Promise.reject(
        new DrctlError(
          'JOURNAL',
          'The journal x is damaged at line 2; it was not written by drctl or was edited.',
        ),
      );
    const e = await rollbackRun('run-1', w.ports, new RecordingSink()).catch((x) => x);
    expect(e).toMatchObject({ code: 'USAGE', exitCode: 2 });
    expect(e.message).toMatch(/is damaged at line 2/);
  });
});
