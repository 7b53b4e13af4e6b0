import { describe, expect, it } from 'vitest';
import { renderFailoverOutcome } from '../../../src/cli/outcome.js';
import type { FailoverOutcome } from '../../../src/engine/input.js';
import { captureIo } from '../../helpers/capture-io.js';

const declined = (deployed: boolean): FailoverOutcome => ({
  runId: 'r1',
  totalMs: 1,
  journal: '/j',
  timings: deployed ? [{ phase: 'deploy', durationMs: 5, result: 'ok' }] : [],
  kind: 'aborted',
  reason: 'declined',
  dnsChanged: false,
});

describe('the end of a declined failover', () => {
  it('says the deployed stacks are still there and how to remove them', () => {
    const cap = captureIo();
    renderFailoverOutcome(declined(true), cap.io, 'us-west-2');
    expect(cap.stdout).toContain('DNS was not changed');
    expect(cap.stdout).toContain('drctl resume r1');
    expect(cap.stdout).toMatch(
      /stacks deployed in us-west-2 are still there .*remove them with: drctl teardown us-west-2/,
    );
  });

  it('says nothing about stacks when none were deployed (declined at the lock)', () => {
    const cap = captureIo();
    renderFailoverOutcome(declined(false), cap.io, 'us-west-2');
    expect(cap.stdout).not.toContain('cleanup');
  });
});
