/**
 * The fault matrix: wire faults at every AWS call of a failover (matrix-calls.ts), the
 * calls of the snapshot, the flip, INSYNC, the verification and the lock release. Split
 * in three files so they run in parallel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseName } from './case.js';
import { type FaultWorld, startFaultWorld } from './fault-world.js';
import { CALL_SITES, callCases } from './matrix-calls.js';
import { runCase } from './run-case.js';

let fw: FaultWorld;
beforeAll(async () => {
  fw = await startFaultWorld();
});
afterAll(async () => {
  await fw?.stop();
});

describe('fault matrix: AWS calls of the snapshot, the flip, INSYNC, the verification and the lock release', () => {
  for (const c of callCases(CALL_SITES.slice(10))) {
    it(caseName(c), async () => {
      const r = await runCase(fw, c);
      expect(r.violations, `outcome ${r.outcome}`).toEqual([]);
    });
  }
});
