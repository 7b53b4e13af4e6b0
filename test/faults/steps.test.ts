/** The fault matrix: step boundaries and states of the world before DNS changes (matrix-steps.ts). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseName } from './case.js';
import { type FaultWorld, startFaultWorld } from './fault-world.js';
import { STEP_CASES } from './matrix-steps.js';
import { runCase } from './run-case.js';

let fw: FaultWorld;
beforeAll(async () => {
  fw = await startFaultWorld();
});
afterAll(async () => {
  await fw?.stop();
});

describe('fault matrix: steps before the flip', () => {
  for (const c of STEP_CASES) {
    it(caseName(c), async () => {
      const r = await runCase(fw, c);
      expect(r.violations, `outcome ${r.outcome}`).toEqual([]);
    });
  }
});
