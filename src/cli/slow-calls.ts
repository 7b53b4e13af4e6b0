/**
 * Visible waits: while an AWS call has been outstanding for more than 10 s, a line every
 * 10 s says what is awaited, for how long, and which attempt (invariant 6 made visible:
 * a black-holed endpoint is never minutes of silence). Lines go to stderr, so stdout
 * (the NDJSON of --json) stays machine-readable.
 */
import { type CallInFlight, callsInFlight } from '../aws/call-watch.js';
import type { Io } from './io.js';

export interface SlowCallOptions {
  /** Say nothing about a call younger than this, ms. Default 10 000. */
  afterMs?: number;
  /** Repeat the line for one call this often, ms. Default 10 000. */
  everyMs?: number;
  now?: () => number;
  calls?: () => CallInFlight[];
}

/** One look: prints a line for each call due one. Exposed for tests (no timers there). */
export function slowCallTicker(io: Pick<Io, 'err'>, o: SlowCallOptions = {}): () => void {
  const afterMs = o.afterMs ?? 10_000;
  const everyMs = o.everyMs ?? 10_000;
  const now = o.now ?? Date.now;
  const calls = o.calls ?? callsInFlight;
  const said = new Map<string, number>();
  return () => {
    const t = now();
    const live = new Set<string>();
    for (const c of calls()) {
      const key = `${c.what}@${c.startedAt}`;
      live.add(key);
      const waited = t - c.startedAt;
      const last = said.get(key);
      if (waited < afterMs || (last !== undefined && t - last < everyMs)) continue;
      said.set(key, t);
      io.err(
        `  still waiting for ${c.what}: ${Math.round(waited / 1000)} s so far, attempt ${c.attempt} of ${c.of}`,
      );
    }
    for (const k of said.keys()) if (!live.has(k)) said.delete(k);
  };
}

/** Starts the ticker for this process; returns its stop. The timer never keeps drctl alive. */
export function reportSlowCalls(io: Pick<Io, 'err'>, o: SlowCallOptions = {}): () => void {
  const timer = setInterval(slowCallTicker(io, o), 1000);
  timer.unref();
  return () => clearInterval(timer);
}
