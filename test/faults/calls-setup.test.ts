/**
 * The fault matrix: wire faults at every AWS call of a failover (matrix-calls.ts), the
 * calls of the setup, the preflight and the lock; and the check that the matrix's rows
 * are exactly the calls a clean failover makes. Split in three files so they run in parallel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_OPERATIONS } from '../../src/iam/commands.js';
import { caseName } from './case.js';
import { type FaultWorld, startFaultWorld } from './fault-world.js';
import { CALL_SITES, COVERED_OPERATIONS, callCases } from './matrix-calls.js';
import { runCase } from './run-case.js';

let fw: FaultWorld;
beforeAll(async () => {
  fw = await startFaultWorld();
});
afterAll(async () => {
  await fw?.stop();
});

describe('fault matrix: AWS calls of the setup, the preflight and the lock', () => {
  for (const c of callCases(CALL_SITES.slice(0, 5))) {
    it(caseName(c), async () => {
      const r = await runCase(fw, c);
      expect(r.violations, `outcome ${r.outcome}`).toEqual([]);
    });
  }
});

describe('the matrix covers every AWS call of a failover', () => {
  it('a clean failover calls nothing that is not a row of the matrix', async () => {
    const r = await runCase(fw, {
      at: 'clean run',
      kind: 'none',
      expect: { exit: 0, dns: 'new', finished: 'flipped' },
    });
    expect(r.violations).toEqual([]);
    const called = new Set(fw.proxy.calls.map((c) => c.operation));
    expect([...called].filter((op) => !COVERED_OPERATIONS.has(op))).toEqual([]);
    expect([...COVERED_OPERATIONS].filter((op) => !called.has(op!))).toEqual([]);
    // drctl iam-policy must grant each of them to the failover (SigV4 names -> SDK packages).
    const sdk = { route53: 'route-53', elasticloadbalancing: 'elastic-load-balancing-v2' } as Record<
      string,
      string
    >;
    const granted = new Set<string>(COMMAND_OPERATIONS.failover);
    const recorded = fw.proxy.calls.map((c) => `${sdk[c.service] ?? c.service}:${c.operation}`);
    expect(recorded.filter((op) => !granted.has(op))).toEqual([]);
  });
});
