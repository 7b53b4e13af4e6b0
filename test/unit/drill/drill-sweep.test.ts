/**
 * `drctl drill --sweep`: a drill that died (kill -9 as teardown began) is found from its
 * journal, or from its stack tags when the journal is lost, listed in a dry run without
 * a single mutation, then torn down and verified; a drill still running is left alone.
 */
import { describe, expect, it } from 'vitest';
import { runDrill, type SweepInput, sweepDrills } from '../../../src/engine/drill/index.js';
import { MemoryJournal } from '../../fakes/memory.js';
import { RecordingSink } from '../../fakes/sink.js';
import { ALB, DRILL_RECORD, type DrillWorld, drillInput, drillWorld, ID, NETWORK, remains } from './world.js';

const HOUR = 3600_000;

/** Runs a drill that dies the moment its teardown starts, as with kill -9. */
async function deadDrill(w: DrillWorld): Promise<void> {
  w.sink.onEvent = (e) => {
    if (e.code === 'phase-start' && e.data.phase === 'teardown') throw new Error('killed');
  };
  await expect(runDrill(drillInput(), w.ports, w.sink)).rejects.toThrow('killed');
  w.sink.onEvent = undefined;
}

const scope = (over: Partial<SweepInput> = {}): SweepInput => ({
  runId: 'sweep-1',
  app: 'shop',
  regions: ['us-east-1'],
  hostedZoneId: 'ZFAKE',
  record: { name: DRILL_RECORD, type: 'A' },
  waves: [['network'], ['alb']],
  minAgeMs: HOUR,
  dryRun: false,
  ...over,
});

describe('sweep', () => {
  it('a dry run lists the dead drill and changes nothing', async () => {
    const w = drillWorld();
    await deadDrill(w);
    w.clock.t += 2 * HOUR;
    const before = w.calls.filter((c) => c.mutating).length;
    const r = await sweepDrills(scope({ dryRun: true }), w.ports, new RecordingSink());
    expect(r.candidates).toEqual([
      expect.objectContaining({
        drillId: ID,
        source: 'journal',
        inventory: expect.objectContaining({ stacks: [[NETWORK], [ALB]] }),
      }),
    ]);
    expect(w.calls.filter((c) => c.mutating).length).toBe(before);
    expect(remains(w).length).toBeGreaterThan(0);
  });

  it('removes everything a dead drill left, from its journal, and its lock', async () => {
    const w = drillWorld();
    await deadDrill(w);
    expect(remains(w)).toContain(`record ${DRILL_RECORD}.`);
    w.clock.t += 2 * HOUR;
    const r = await sweepDrills(scope(), w.ports, new RecordingSink());
    expect(r.leftovers).toEqual([]);
    expect(remains(w)).toEqual([]);
    expect(w.lock.locks.size).toBe(0);
    expect(r.cleaned.map((c) => `${c.kind}:${c.action}`)).toEqual([
      'record:deleted',
      'stack:deleted',
      'stack:deleted',
      'bucket:deleted',
      'kms-key:scheduled-deletion',
      'lock:deleted',
    ]);
    // Swept once: the journal now says clean, a second sweep finds nothing.
    const again = await sweepDrills(scope(), w.ports, new RecordingSink());
    expect(again.candidates).toEqual([]);
  });

  it('finds the drill by its stack tags and the record when the journal is lost', async () => {
    const w = drillWorld();
    await deadDrill(w);
    w.clock.t += 2 * HOUR;
    const lost = new MemoryJournal();
    const r = await sweepDrills(scope(), { ...w.ports, journal: lost }, new RecordingSink());
    expect(r.candidates.map((c) => `${c.source}:${c.drillId}`)).toEqual([`tags:${ID}`, 'record:unknown']);
    expect(r.leftovers).toEqual([]);
    expect(remains(w)).toEqual([]);
  });

  it('leaves alone a drill that may still be running', async () => {
    const w = drillWorld();
    await deadDrill(w);
    const r = await sweepDrills(scope(), w.ports, new RecordingSink());
    expect(r.candidates[0]?.skip).toMatch(/may still be running/);
    expect(remains(w)).toContain(`stack ${ALB}`);
  });
});
