/** The one place errors become text and exit codes (STYLE.md 6). */
import { DrctlError, type ExitCode, exitCodeOf, ValidationError } from '../errors.js';
import { type Io, paint } from './io.js';

/** A failed rollback's batch to apply by hand (duck-typed: --help must not load the engine). */
function manualBatch(e: unknown): { changeBatch: string; file: string; command: string } | undefined {
  if (!(e instanceof DrctlError) || e.code !== 'ROLLBACK_FAILED' || !('changeBatch' in e)) return undefined;
  const r = e as DrctlError & { changeBatch: string; file: string; command: string };
  return { changeBatch: r.changeBatch, file: r.file, command: r.command };
}

export function renderError(e: unknown, io: Io, opts: { json: boolean; verbose: boolean }): ExitCode {
  const code = exitCodeOf(e);
  const batch = manualBatch(e);
  if (opts.json) {
    const err = e instanceof DrctlError ? e : undefined;
    io.out(
      JSON.stringify({
        type: 'error',
        code: err?.code ?? 'INTERNAL',
        exitCode: code,
        message: err?.message ?? String((e as Error)?.message ?? e),
        ...(e instanceof ValidationError ? { problems: e.problems } : {}),
        ...(err?.hints.length ? { hints: err.hints } : {}),
        ...(batch
          ? {
              manualRestore: {
                file: batch.file,
                command: batch.command,
                changeBatch: JSON.parse(batch.changeBatch),
              },
            }
          : {}),
      }),
    );
    return code;
  }
  if (e instanceof ValidationError && e.problems.length > 1) {
    io.err(paint(io, 'red', `Error: ${e.message}:`));
    for (const p of e.problems) io.err(`  - ${p}`);
  } else if (e instanceof DrctlError) {
    io.err(paint(io, 'red', `Error: ${e.message}`));
  } else {
    io.err(paint(io, 'red', `Unexpected error: ${(e as Error)?.message ?? String(e)}`));
    io.err('This is a bug in drctl; please report it with the output of --verbose.');
  }
  if (e instanceof DrctlError) for (const h of e.hints) io.err(`  ${h}`);
  // Invariant 2: DNS needs a human now, so the exact batch is on screen, whole.
  if (batch) io.err(`\nChange batch (${batch.file}):\n${batch.changeBatch}`);
  if (opts.verbose && e instanceof Error && e.stack) io.err(paint(io, 'dim', e.stack));
  return code;
}
