/**
 * Ctrl-C, SIGINT, SIGTERM and SIGHUP (a dropped SSH session) become an AbortSignal for the
 * engine, never a `process.exit`: the engine stops waiting, rolls DNS back if it had
 * changed (or follows its after-flip policy), writes the journal, releases the lock, and
 * only then does the command return. A second signal is acknowledged with what is still
 * awaited but does not cut that short (kill -9 still can; the journal then allows
 * resume/rollback, and the message says how to clear the lock it would leave).
 */
import type { Io } from './io.js';

const HANDLED_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export interface InterruptOptions {
  /** Told the signal, so a prompt waiting on the terminal gives up too. */
  onAbort?: (signal: AbortSignal) => void;
  /** What the run is waiting for now (a phase title), for the second signal's message. */
  waitingOn?: () => string | undefined;
  /**
   * Says what is stopping and how to clear what kill -9 would leave, when it is not one
   * run (a fleet: every running app stops safely; `drctl fleet rollback` clears them).
   * Default: run `runId`, `drctl rollback <runId>`.
   */
  describe?: { stopping: string; clearWith: string };
}

/** The options that tie a presenter's prompt and "waiting for" line to the signals. */
export function presenterInterrupts(p: {
  signal?: AbortSignal;
  waitingOn(): string | undefined;
}): InterruptOptions {
  return {
    onAbort: (s) => {
      p.signal = s;
    },
    waitingOn: () => p.waitingOn(),
  };
}

let runs = 0;

/**
 * Outside a run (reading config, looking things up, printing) nothing has changed and no
 * lock is held, so a signal just ends the command with the documented code (4) and says
 * so, instead of Node's silent death by signal. Inside a run `withInterrupts` decides.
 */
export function exitOnSignalOutsideRuns(io: Io, exit: (code: number) => void): () => void {
  const onSignal = (sig: NodeJS.Signals) => {
    if (runs > 0) return;
    io.err(`\n${sig}: stopped; no run had started, so nothing was changed and no lock is held.`);
    exit(4);
  };
  for (const s of HANDLED_SIGNALS) process.on(s, onSignal);
  return () => {
    for (const s of HANDLED_SIGNALS) process.off(s, onSignal);
  };
}

export async function withInterrupts<T>(
  io: Io,
  runId: string,
  fn: (signal: AbortSignal) => Promise<T>,
  opts: InterruptOptions = {},
): Promise<T> {
  const controller = new AbortController();
  opts.onAbort?.(controller.signal);
  let count = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    count++;
    if (count === 1) {
      io.err(
        `\n${sig}: stopping ${opts.describe?.stopping ?? `run ${runId}`} safely (DNS is restored if it had changed, the lock released); please wait.`,
      );
      controller.abort(new DOMException(`interrupted by ${sig}`, 'AbortError'));
    } else {
      const now = opts.waitingOn?.();
      io.err(
        `${sig} again: still finishing safely${now ? `, waiting for: ${now}` : ''}. ` +
          `kill -9 now would leave the lock on the record held and the run unfinished; ` +
          `then clear both with: ${opts.describe?.clearWith ?? `drctl rollback ${runId}`}`,
      );
    }
  };
  for (const s of HANDLED_SIGNALS) process.on(s, onSignal);
  runs++;
  try {
    return await fn(controller.signal);
  } finally {
    runs--;
    for (const s of HANDLED_SIGNALS) process.off(s, onSignal);
  }
}
