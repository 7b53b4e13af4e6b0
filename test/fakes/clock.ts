/**
 * Fake clock. Spec: `now()` is virtual time; `sleep(ms)` advances it by `ms` at once (after
 * a microtask, so other promises interleave as they would) and rejects with an AbortError
 * if the signal is or becomes aborted. Waits with deadlines therefore end instantly.
 */
import type { Clock } from '../../src/ports/clock.js';

export class FakeClock implements Clock {
  sleeps: number[] = [];

  constructor(public t = Date.UTC(2026, 0, 1)) {}

  now(): number {
    return this.t;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    const abort = () => Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
    if (signal?.aborted) throw abort();
    this.sleeps.push(ms);
    await Promise.resolve();
    this.t += ms;
    if (signal?.aborted) throw abort();
  }
}
