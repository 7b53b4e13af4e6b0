/** The one place errors become text and exit codes (STYLE.md 6). */
import { DrctlError, type ExitCode, exitCodeOf, ValidationError } from '../errors.js';
import { type Io, paint } from './io.js';

export function renderError(e: unknown, io: Io, opts: { json: boolean; verbose: boolean }): ExitCode {
  const code = exitCodeOf(e);
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
  if (opts.verbose && e instanceof Error && e.stack) io.err(paint(io, 'dim', e.stack));
  return code;
}
