/**
 * The failover in a switch mode (docs/data-plane.md): controls flipped after the probe,
 * verified on the authoritative servers, set back to the journaled states on any failure,
 * and never a call to Route 53's control plane.
 */
import { describe, expect, it } from 'vitest';
import { failover } from '../../../src/engine/failover.js';
import type { FailoverOutcome } from '../../../src/engine/input.js';
import { ExitCode } from '../../../src/errors.js';
import type { SwitchState } from '../../../src/ports/traffic-switch.js';
import { RecordingSink } from '../../fakes/sink.js';
import { createSwitchWorld, type SwitchWorld, switchInput } from '../../fakes/switch-world.js';
import { NEW_ALB } from '../../fakes/world.js';
import { errorCode, settle } from './helpers.js';

const BEFORE: Record<string, SwitchState> = { 'us-west-2': 'On', 'us-east-1': 'Off' };
const AFTER: Record<string, SwitchState> = { 'us-west-2': 'Off', 'us-east-1': 'On' };

function expectNoControlPlane(w: SwitchWorld): void {
  expect(w.controlPlaneCalls).toEqual([]);
}

function expectUnlocked(w: SwitchWorld): void {
  expect(w.lock.locks.size).toBe(0);
}

function kindOf(o: FailoverOutcome | undefined) {
  return o?.kind;
}

describe('switch-mode failover', () => {
  for (const kind of ['arc', 's3-object'] as const) {
    it(`${kind}: probes, sets the target On and the rest Off, verifies on the authoritative servers`, async () => {
      const w = createSwitchWorld(kind);
      const sink = new RecordingSink();
      const outcome = await failover(switchInput(kind), w.ports, sink);
      expect(outcome.kind).toBe('flipped');
      expect(outcome.kind === 'flipped' && outcome.controls).toEqual({ before: BEFORE, after: AFTER });
      expect(w.sw.states).toEqual(AFTER);
      expect(w.sw.sets).toEqual([AFTER]);
      // Invariant 1: the pre-flip probe passed before the set; invariant 5: intent before it.
      const t = w.timeline;
      const set = t.findIndex((l) => l.startsWith('switch set'));
      expect(t.lastIndexOf('probe direct ok', set)).toBeGreaterThan(-1);
      expect(t.lastIndexOf('journal step-intent set-controls', set)).toBeGreaterThan(-1);
      // Post-flip probes go to the addresses the authoritative servers answered: the new ALB's.
      const post = w.probe.requests.slice(-3).map((r) => r.connectHost);
      const newAddresses = w.dns.resolver.addressesOf(NEW_ALB, 'A');
      for (const a of post) expect(newAddresses).toContain(a);
      expect(w.auth.nsLookups).toEqual(['example.com']);
      expectNoControlPlane(w);
      expectUnlocked(w);
    });
  }

  it('asks the configured name servers instead of looking them up', async () => {
    const w = createSwitchWorld();
    const input = switchInput('arc');
    input.switch = { ...input.switch!, nameServers: ['192.0.2.53'] };
    expect((await failover(input, w.ports, new RecordingSink())).kind).toBe('flipped');
    expect(w.auth.nsLookups).toEqual([]);
  });

  it('waits for health checks to notice the change, within the verification window', async () => {
    const w = createSwitchWorld();
    w.auth.propagationMs = 40_000;
    const sink = new RecordingSink();
    const outcome = await failover(switchInput(), w.ports, sink);
    expect(outcome.kind).toBe('flipped');
    const looks = sink.events.filter((e) => e.code === 'authoritative-answer').map((e) => e.data.ok);
    expect(looks[0]).toBe(false);
    expect(looks.at(-1)).toBe(true);
  });

  it('an answer that never settles on the new ALB sets the journaled states back', async () => {
    const w = createSwitchWorld();
    w.auth.stuck = true;
    const r = await settle(failover(switchInput(), w.ports, new RecordingSink()));
    expect(kindOf(r.outcome)).toBe('rolled-back');
    const o = r.outcome as Extract<FailoverOutcome, { kind: 'rolled-back' }>;
    expect(o.cause).toBe('VERIFY_FAILED');
    expect(o.reason).toMatch(/did not settle within 60s/);
    expect(o.restoredControls).toEqual(BEFORE);
    expect(w.sw.states).toEqual(BEFORE);
    expect(w.journal.kinds('run-1')).toEqual(
      expect.arrayContaining([
        'step-intent restore-controls',
        'step-done restore-controls',
        'step-done controls-left',
      ]),
    );
    expectNoControlPlane(w);
    expectUnlocked(w);
  });

  it('a set that fails half way (target On, old region still On) is set back', async () => {
    const w = createSwitchWorld('s3-object');
    w.sw.failWrite('us-west-2', 'Off');
    const r = await settle(failover(switchInput('s3-object'), w.ports, new RecordingSink()));
    expect(kindOf(r.outcome)).toBe('rolled-back');
    expect(w.sw.sets).toEqual([AFTER, BEFORE]);
    expect(w.sw.states).toEqual(BEFORE);
    expectUnlocked(w);
  });

  it('a set refused by the safety rule changes nothing and ends rolled back to the same states', async () => {
    const w = createSwitchWorld();
    w.sw.states = { 'us-west-2': 'On', 'us-east-1': 'Off' };
    w.sw.failWrite('us-east-1', 'On');
    const r = await settle(failover(switchInput(), w.ports, new RecordingSink()));
    expect(kindOf(r.outcome)).toBe('rolled-back');
    expect(w.sw.states).toEqual(BEFORE);
  });

  it('a restore that fails is ROLLBACK_FAILED with the states to set by hand', async () => {
    const w = createSwitchWorld();
    w.auth.stuck = true;
    w.sw.failWrite('us-west-2', 'On');
    const r = await settle(failover(switchInput(), w.ports, new RecordingSink()));
    expect(errorCode(r)).toBe('ROLLBACK_FAILED');
    expect(String((r.error as Error).message)).toMatch(
      /Set the controls by hand to us-west-2 On, us-east-1 Off\./,
    );
    expect(r.exit).toBe(ExitCode.RollbackFailed);
    expectUnlocked(w);
  });

  it('hold keeps the new states when verification fails', async () => {
    const w = createSwitchWorld();
    w.auth.stuck = true;
    const r = await settle(failover(switchInput('arc', { afterFlip: 'hold' }), w.ports, new RecordingSink()));
    expect(kindOf(r.outcome)).toBe('held');
    expect(w.sw.states).toEqual(AFTER);
  });

  it('holds rather than switching back to a source region whose ALB cannot be read', async () => {
    const w = createSwitchWorld();
    w.auth.stuck = true;
    // The failed region does not answer: its edge stack cannot be read, so its ALB is not probed.
    const describe = w.stacks.describe.bind(w.stacks);
    w.stacks.describe = async (region, name) =>
      region === 'us-west-2' ? Promise.reject(new Error('connect ETIMEDOUT')) : describe(region, name);
    const r = await settle(failover(switchInput(), w.ports, new RecordingSink()));
    expect(kindOf(r.outcome)).toBe('held');
    expect(r.outcome?.kind === 'held' && r.outcome.why).toBe('source-unhealthy');
  });

  it('refuses while another run holds the lock, before any control changes', async () => {
    const w = createSwitchWorld();
    await w.lock.acquire('ZFAKE/www.example.com/A', { runId: 'other', startedAt: new Date().toISOString() });
    const r = await settle(failover(switchInput(), w.ports, new RecordingSink()));
    expect(errorCode(r)).toBe('LOCK_HELD');
    expect(w.sw.sets).toEqual([]);
    expectNoControlPlane(w);
  });

  it('is a no-op when the target is the only region On already', async () => {
    const w = createSwitchWorld();
    w.sw.states = { ...AFTER };
    const outcome = await failover(switchInput(), w.ports, new RecordingSink());
    expect(outcome.kind).toBe('no-op');
    expect(w.sw.sets).toEqual([]);
  });

  it('a failed pre-flip probe never touches the controls', async () => {
    const w = createSwitchWorld();
    w.probe.healthy.delete(NEW_ALB);
    const r = await settle(failover(switchInput(), w.ports, new RecordingSink()));
    expect(errorCode(r)).toBe('PROBE_FAILED');
    expect(w.sw.sets).toEqual([]);
    expectUnlocked(w);
  });
});
