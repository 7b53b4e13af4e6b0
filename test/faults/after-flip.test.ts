/** The fault matrix: the flip, what follows it, and the restore (matrix-after-flip.ts). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseName } from './case.js';
import { type FaultWorld, startFaultWorld } from './fault-world.js';
import { AFTER_FLIP_CASES } from './matrix-after-flip.js';
import { runCase } from './run-case.js';

let fw: FaultWorld;
beforeAll(async () => {
  fw = await startFaultWorld();
});
afterAll(async () => {
  await fw?.stop();
});

describe('fault matrix: after the flip', () => {
  for (const c of AFTER_FLIP_CASES) {
    it(caseName(c), async () => {
      const r = await runCase(fw, c);
      expect(r.violations, `outcome ${r.outcome}`).toEqual([]);
    });
  }
});
