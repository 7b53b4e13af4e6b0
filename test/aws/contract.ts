/**
 * Shared pieces of the real-AWS contract tier: the region, clients with the standard
 * credential chain, a bounded poll, and a cleanup list every test runs in `finally` (and
 * reports what it could not remove, so nothing is left unknown in the account).
 */
import { randomBytes } from 'node:crypto';
import { describe } from 'vitest';
import { OPT_IN } from './gate.js';

export const REGION = process.env.DRCTL_AWS_CONTRACT_REGION || 'us-east-1';
/** A unique suffix per run, so concurrent runs and leftovers never collide. */
export const RUN = `drctl-contract-${randomBytes(4).toString('hex')}`;

/** Never runs without the opt-in, even when vitest is pointed at this folder directly. */
export const contract = describe.skipIf(process.env[OPT_IN] !== '1');

/** Polls `check` every `everyMs` until it returns a value, for at most `withinMs`. */
export async function until<T>(
  what: string,
  check: () => Promise<T | undefined>,
  withinMs: number,
  everyMs = 5_000,
): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${withinMs / 1000} s`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Cleanup steps, last registered first; failures are collected and reported, not thrown early. */
export class Cleanup {
  private readonly steps: { what: string; run: () => Promise<unknown> }[] = [];

  add(what: string, run: () => Promise<unknown>): void {
    this.steps.unshift({ what, run });
  }

  async runAll(): Promise<void> {
    const left: string[] = [];
    for (const s of this.steps.splice(0)) {
      try {
        await s.run();
      } catch (e) {
        left.push(`${s.what} (${e instanceof Error ? e.message : String(e)})`);
      }
    }
    if (left.length)
      throw new Error(`cleanup left these in the account, delete them by hand: ${left.join('; ')}`);
  }
}
