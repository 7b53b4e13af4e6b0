import type { Io } from '../../src/cli/io.js';

/** An Io that records what the CLI printed. */
export function captureIo(opts: Partial<Pick<Io, 'interactive' | 'stdinIsTTY'>> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    interactive: opts.interactive ?? false,
    color: false,
    stdinIsTTY: opts.stdinIsTTY ?? false,
  };
  return {
    io,
    out,
    err,
    get stdout() {
      return out.join('\n');
    },
    get stderr() {
      return err.join('\n');
    },
  };
}
