/**
 * A discrete-event clock for benchmarks. Unlike the unit tests' FakeClock (whose `sleep`
 * advances time at once, so two concurrent 5 s sleeps cost 10 s), this one keeps every
 * pending sleep in a queue and moves time forward only when nothing else can run: then it
 * jumps to the earliest wake-up. Concurrent waits (stacks of one wave, data recovery beside
 * the first wave) therefore overlap in virtual time exactly as they do in real time.
 */
import type { Clock } from '../../src/ports/clock.js';

interface Timer {
  at: number;
  seq: number;
  wake: () => void;
}

/** Lets every queued microtask (promise continuation) run before time moves. */
const idle = () => new Promise<void>((r) => setImmediate(r));

export class VirtualClock implements Clock {
  private timers: Timer[] = [];
  private seq = 0;

  /** @param t start time, ms since the epoch. Default: 2026-01-01T00:00:00Z. */
  constructor(private t = Date.UTC(2026, 0, 1)) {}

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    const abort = () => Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
    if (signal?.aborted) return Promise.reject(abort());
    return new Promise<void>((resolve, reject) => {
      const timer: Timer = { at: this.t + Math.max(0, ms), seq: this.seq++, wake: resolve };
      // Kept sorted by (at, seq): a new timer has the highest seq, so it goes after every
      // timer due at or before its time (a fleet keeps thousands pending; sorting on each
      // step cost most of the benchmark's wall time).
      let lo = 0;
      let hi = this.timers.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (this.timers[mid]!.at <= timer.at) lo = mid + 1;
        else hi = mid;
      }
      this.timers.splice(lo, 0, timer);
      signal?.addEventListener(
        'abort',
        () => {
          this.timers = this.timers.filter((x) => x !== timer);
          reject(abort());
        },
        { once: true },
      );
    });
  }

  /**
   * Drives `work` to its end on virtual time. Throws when the work is stuck (nothing
   * scheduled and not finished) or runs past `limitMs` of virtual time (default 24 h):
   * a benchmark must end even when the code under test would wait forever.
   */
  async run<T>(work: Promise<T>, limitMs = 24 * 3_600_000): Promise<T> {
    const end = this.t + limitMs;
    let finished = false;
    work.then(
      () => {
        finished = true;
      },
      () => {
        finished = true;
      },
    );
    for (;;) {
      await idle();
      if (finished) return work;
      const next = this.timers.shift();
      if (!next) throw new Error('virtual clock: the work is stuck (nothing scheduled, not finished)');
      if (next.at > end)
        throw new Error(`virtual clock: still running after ${limitMs / 1000} s of virtual time`);
      this.t = next.at;
      next.wake();
    }
  }
}
