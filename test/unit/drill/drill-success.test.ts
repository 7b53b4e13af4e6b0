/** A drill that passes: rehearsed, measured from its spans, torn down, proven clean. */
import { describe, expect, it } from 'vitest';
import { runDrill } from '../../../src/engine/drill/index.js';
import { NEW_ALB } from '../../fakes/world.js';
import { ALB, BUCKET, DRILL_RECORD, drillInput, drillWorld, KEY, NETWORK, remains } from './world.js';

describe('drill that passes', () => {
  it('rehearses, verifies the drill record, then deletes everything and proves it', async () => {
    const w = drillWorld();
    const r = await runDrill(drillInput(), w.ports, w.sink);
    expect(r.verdict).toBe('passed');
    expect(r.rehearsal).toBe('ok');
    expect(r.cleanup).toBe('clean');
    expect(remains(w)).toEqual([]);
    expect(w.sink.phases()).toEqual([
      'preflight:ok',
      'lock:ok',
      'deploy:ok',
      'await-alb:ok',
      'pre-flip-probe:ok',
      'flip:ok',
      'await-insync:ok',
      'verify:ok',
      'teardown:ok',
      'verify-clean:ok',
      'release-lock:ok',
    ]);
    // The record first (nothing resolves to a vanishing ALB), stacks in reverse waves.
    const mutations = w.timeline.filter((l) => l.startsWith('call ') || l.startsWith('dns-change'));
    expect(mutations).toEqual([
      'call lock.acquire',
      `call stacks.create ${NETWORK}`,
      `call stacks.create ${ALB}`,
      'call dns.changeRecordSets',
      'dns-change C1',
      'call dns.changeRecordSets',
      'dns-change C2',
      `call stacks.delete ${ALB}`,
      `call stacks.delete ${NETWORK}`,
      'call cleanup.emptyAndDeleteBucket',
      'call cleanup.scheduleKeyDeletion',
      'call lock.release',
    ]);
    expect(w.dns.changeLog[0]?.changes[0]?.Action).toBe('CREATE');
    expect(w.dns.changeLog[1]?.changes[0]?.Action).toBe('DELETE');
    expect(w.cleanup.log).toContain(`scheduleKeyDeletion ${KEY} 7`);
    expect(r.cleaned.map((c) => `${c.kind}:${c.action}`)).toEqual([
      'record:deleted',
      'stack:deleted',
      'stack:deleted',
      'bucket:deleted',
      'kms-key:scheduled-deletion',
    ]);
    expect(r.inventory.buckets).toEqual([BUCKET]);
  });

  it('measures the RTO from the spans: start to the end of verify, teardown excluded', async () => {
    const w = drillWorld();
    const r = await runDrill(drillInput(), w.ports, w.sink);
    const verify = r.phases.find((p) => p.phase === 'verify')!;
    expect(r.rtoMs).toBe(verify.startMs + verify.durationMs);
    expect(r.rtoMs).toBeGreaterThan(0);
    const teardown = r.phases.find((p) => p.phase === 'teardown')!;
    expect(teardown.startMs).toBeGreaterThanOrEqual(r.rtoMs!);
    // Bars come from phase-start/phase-end: the sum of the rehearsal's bars is the RTO.
    const rehearsal = r.phases.filter((p) => !['teardown', 'verify-clean', 'release-lock'].includes(p.phase));
    expect(rehearsal.reduce((n, p) => n + p.durationMs, 0)).toBe(r.rtoMs);
  });

  it('fails the RTO target when the recovery took longer', async () => {
    const w = drillWorld();
    const r = await runDrill(drillInput({ rtoTargetMs: 1000 }), w.ports, w.sink);
    expect(r.verdict).toBe('rto-exceeded');
    expect(r.cleanup).toBe('clean');
  });

  it('probes the addresses Route 53 answers for the drill record, public name as SNI; production untouched', async () => {
    const w = drillWorld();
    await runDrill(drillInput(), w.ports, w.sink);
    // The drill record is gone after teardown; it answered the new ALB's addresses.
    const answer = w.dns.resolver.addressesOf(NEW_ALB, 'A');
    expect(w.sink.of('dns-answer')).toEqual([
      {
        type: 'A',
        proof: 'read-back+answer',
        expected: [...answer].sort(),
        got: [...answer].sort(),
        ok: true,
      },
    ]);
    const after = w.probe.requests.filter((q) => answer.includes(q.connectHost ?? ''));
    expect(after.length).toBe(3);
    expect(w.probe.requests.every((q) => q.hostname === 'www.example.com' && q.connectHost)).toBe(true);
    expect(w.dns.sets.filter((rs) => rs.Name === 'www.example.com.')).toEqual(w.seed);
  });

  it('without DNS stops after the pre-flip probe and creates no record', async () => {
    const w = drillWorld();
    const r = await runDrill(drillInput({ dns: false }), w.ports, w.sink);
    expect(r.verdict).toBe('passed');
    expect(w.dns.changeLog).toEqual([]);
    expect(w.sink.phases()).not.toContain('flip:ok');
    expect(w.sink.phases()).not.toContain('lock:ok');
    const probe = r.phases.find((p) => p.phase === 'pre-flip-probe')!;
    expect(r.rtoMs).toBe(probe.startMs + probe.durationMs);
    expect(remains(w)).toEqual([]);
  });

  it('--keep leaves everything up and says so', async () => {
    const w = drillWorld();
    const r = await runDrill(drillInput({ keep: true }), w.ports, w.sink);
    expect(r.cleanup).toBe('kept');
    expect(r.verdict).toBe('passed');
    expect(remains(w)).toContain(`record ${DRILL_RECORD}.`);
    expect(remains(w)).toContain(`stack ${ALB}`);
  });

  it('journals the result, and every deletion before it is made', async () => {
    const w = drillWorld();
    const r = await runDrill(drillInput(), w.ports, w.sink);
    const kinds = w.journal.kinds(r.runId);
    expect(kinds[0]).toBe('run-started');
    expect(kinds).toContain('drill-clean');
    expect(kinds.at(-2)).toBe('drill-result');
    expect(kinds.at(-1)).toBe('run-finished');
    const tl = w.timeline;
    for (const call of [`call stacks.delete ${ALB}`, 'call cleanup.emptyAndDeleteBucket']) {
      const i = tl.indexOf(call);
      expect(tl[i - 1]).toMatch(/^journal step-intent teardown:/);
    }
  });
});
