/**
 * Ctrl-C and SIGTERM become an AbortSignal for the engine, never a `process.exit`: the
 * engine stops waiting, rolls DNS back if it had changed, writes the journal, releases
 * the lock, and only then does the command return. A second Ctrl-C is acknowledged but
 * does not cut that short (kill -9 still can; the journal then allows resume/rollback).
 */
import type { Io } from './io.js';

export async function withInterrupts<T>(
  io: Io,
  runId: string,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let count = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    count++;
    if (count === 1) {
      io.err(`\n${sig}: stopping run ${runId} safely (DNS is restored if it had changed); please wait.`);
      controller.abort(new DOMException(`interrupted by ${sig}`, 'AbortError'));
    } else {
      io.err(
        `${sig} again: still finishing safely. \`kill -9\` would leave the rest to: drctl rollback ${runId}`,
      );
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await fn(controller.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
