/**
 * A switch-mode run after a crash: resumed (between set and verify, or with the set
 * journaled but unconfirmed and half applied), rolled back to its journaled states, and
 * fenced against a later change. No Route 53 control-plane call on any path.
 */
import { describe, expect, it } from 'vitest';
import { failover } from '../../../src/engine/failover.js';
import { resumeRun } from '../../../src/engine/resume.js';
import { rollbackRun } from '../../../src/engine/rollback.js';
import type { SwitchState } from '../../../src/ports/traffic-switch.js';
import { RecordingSink } from '../../fakes/sink.js';
import { createSwitchWorld, type SwitchWorld, switchInput } from '../../fakes/switch-world.js';
import { errorCode, settle } from './helpers.js';

const BEFORE: Record<string, SwitchState> = { 'us-west-2': 'On', 'us-east-1': 'Off' };
const AFTER: Record<string, SwitchState> = { 'us-west-2': 'Off', 'us-east-1': 'On' };

/** A flipped run, its journal cut right after `entry` as if the process died there (kill -9). */
async function crashedAfter(entry: string): Promise<SwitchWorld> {
  const w = createSwitchWorld('s3-object');
  await failover(switchInput('s3-object'), w.ports, new RecordingSink());
  const entries = w.journal.runs.get('run-1')!;
  const cut = w.journal.kinds('run-1').indexOf(entry);
  expect(cut).toBeGreaterThan(-1);
  w.journal.runs.set('run-1', entries.slice(0, cut + 1));
  // The dead run still holds its lock.
  await w.lock.acquire('ZFAKE/www.example.com/A', { runId: 'run-1', startedAt: new Date().toISOString() });
  w.sw.sets = [];
  return w;
}

describe('switch-mode resume', () => {
  it('after a crash between set and verify: verifies, does not set again, ends flipped', async () => {
    const w = await crashedAfter('step-done set-controls');
    const outcome = await resumeRun('run-1', switchInput('s3-object'), w.ports, new RecordingSink());
    expect(outcome.kind).toBe('flipped');
    expect(w.sw.sets).toEqual([]);
    expect(w.sw.states).toEqual(AFTER);
    expect(w.journal.kinds('run-1')).toContain('step-done verify:1');
    expect(w.controlPlaneCalls).toEqual([]);
    expect(w.lock.locks.size).toBe(0);
  });

  it('a set journaled but unconfirmed and half applied is sent again, then verified', async () => {
    const w = await crashedAfter('step-intent set-controls');
    w.sw.states = { 'us-west-2': 'On', 'us-east-1': 'On' };
    const outcome = await resumeRun('run-1', switchInput('s3-object'), w.ports, new RecordingSink());
    expect(outcome.kind).toBe('flipped');
    expect(w.sw.sets).toEqual([AFTER]);
    expect(w.sw.states).toEqual(AFTER);
  });

  it('after a crash between set and verify, a verification that never settles sets the journaled states back', async () => {
    const w = await crashedAfter('step-done set-controls');
    w.auth.stuck = true;
    const outcome = await resumeRun('run-1', switchInput('s3-object'), w.ports, new RecordingSink());
    expect(outcome.kind).toBe('rolled-back');
    expect(w.sw.states).toEqual(BEFORE);
  });

  it('refuses to resume over controls that are neither what the run found nor what it set', async () => {
    for (const live of [
      { 'us-west-2': 'On', 'us-east-1': 'On' },
      { 'us-west-2': 'Off', 'us-east-1': 'Off' },
    ] as Record<string, SwitchState>[]) {
      const w = await crashedAfter('step-done set-controls');
      w.sw.states = live;
      const r = await settle(resumeRun('run-1', switchInput('s3-object'), w.ports, new RecordingSink()));
      expect(errorCode(r)).toBe('REFUSED');
      expect(w.sw.sets).toEqual([]);
    }
  });

  it('refuses a resume whose config switched mode', async () => {
    const w = await crashedAfter('step-done set-controls');
    const r = await settle(resumeRun('run-1', switchInput('arc'), w.ports, new RecordingSink()));
    expect(errorCode(r)).toBe('USAGE');
  });
});

describe('switch-mode rollback', () => {
  it('sets the controls back to the states read before the set, and reads them back', async () => {
    const w = createSwitchWorld();
    await failover(switchInput(), w.ports, new RecordingSink());
    const r = await rollbackRun('run-1', w.ports, new RecordingSink(), { yes: true });
    expect(r.kind).toBe('restored');
    expect(r.kind === 'restored' && r.restoredControls).toEqual(BEFORE);
    expect(w.sw.states).toEqual(BEFORE);
    expect(w.controlPlaneCalls).toEqual([]);
    expect(w.lock.locks.size).toBe(0);
    // Idempotent: a second rollback finds the states already back and succeeds again.
    expect((await rollbackRun('run-1', w.ports, new RecordingSink(), { yes: true })).kind).toBe('restored');
  });

  it('asks for the restored region unless --yes', async () => {
    const w = createSwitchWorld();
    await failover(switchInput(), w.ports, new RecordingSink());
    const sink = new RecordingSink();
    sink.answers['confirm-rollback'] = 'us-east-1';
    const r = await rollbackRun('run-1', w.ports, sink, {});
    expect(r.kind).toBe('aborted');
    expect(w.sw.states).toEqual(AFTER);
  });

  it('refuses controls a later run changed, unless forced', async () => {
    const w = createSwitchWorld();
    await failover(switchInput(), w.ports, new RecordingSink());
    w.sw.states = { 'us-west-2': 'On', 'us-east-1': 'On' };
    w.sw.sets = [];
    const r = await rollbackRun('run-1', w.ports, new RecordingSink(), { yes: true }).catch((e) => e);
    // Both On is neither what the run found nor what it set, and its set was confirmed.
    expect(r.code).toBe('REFUSED');
    expect(w.sw.sets).toEqual([]);
    const forced = await rollbackRun('run-1', w.ports, new RecordingSink(), { yes: true, force: true });
    expect(forced.kind).toBe('restored');
    expect(w.sw.states).toEqual(BEFORE);
  });

  it('a run that never set the controls is closed, not restored', async () => {
    const w = await crashedAfter('step-done controls-before');
    const r = await rollbackRun('run-1', w.ports, new RecordingSink(), { yes: true });
    expect(r.kind).toBe('closed');
    expect(w.sw.sets).toEqual([]);
  });
});
