/**
 * Signals inside a run become the run's AbortSignal; a second one says what is still
 * awaited and how a lock left by kill -9 would be cleared. (Real signals to the real CLI:
 * test/faults/signals.test.ts.) SIGHUP is emitted here: the test runner does not use it.
 */
import { describe, expect, it } from 'vitest';
import { withInterrupts } from '../../../src/cli/signals.js';
import { captureIo } from '../../helpers/capture-io.js';

describe('withInterrupts', () => {
  it('SIGHUP aborts the run; a second one names what is awaited and how to clear the lock', async () => {
    expect(process.listeners('SIGHUP')).toHaveLength(0);
    const cap = captureIo();
    let aborted: AbortSignal | undefined;
    const result = await withInterrupts(
      cap.io,
      'run-7',
      async (signal) => {
        process.emit('SIGHUP', 'SIGHUP');
        process.emit('SIGHUP', 'SIGHUP');
        return signal.aborted;
      },
      { onAbort: (s) => (aborted = s), waitingOn: () => 'Rolling back DNS to the snapshot' },
    );
    expect(result).toBe(true);
    expect(aborted?.aborted).toBe(true);
    expect(cap.err[0]).toMatch(/SIGHUP: stopping run run-7 safely .*lock released/);
    expect(cap.err[1]).toBe(
      'SIGHUP again: still finishing safely, waiting for: Rolling back DNS to the snapshot. kill -9 now would leave the lock on the record held and the run unfinished; then clear both with: drctl rollback run-7',
    );
    expect(process.listeners('SIGHUP')).toHaveLength(0);
  });
});
