/** Where the CLI writes: injectable so tests capture output and presenters know the terminal. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /**
   * True when stdout is an interactive terminal that can draw a spinner: not in CI, not
   * TERM=dumb, and reporting a width (a terminal that says 0 columns gets plain lines).
   */
  interactive: boolean;
  color: boolean;
  /** Read a line from the operator (prompts); absent without a TTY. */
  stdinIsTTY: boolean;
  /** The streams spinners and prompts draw on and read from; default stderr and stdin. */
  terminal?: { output: NodeJS.WritableStream; input: NodeJS.ReadableStream };
}

/** Whether a terminal can draw a spinner (see `Io.interactive`). */
export function canAnimate(env: NodeJS.ProcessEnv, stream: { isTTY?: boolean; columns?: number }): boolean {
  return Boolean(stream.isTTY) && !env.CI && env.TERM !== 'dumb' && (stream.columns ?? 0) > 0;
}

/**
 * A write that can never hurt the run: once the reader has gone (`drctl status | head -1`,
 * a closed SSH session) the stream reports EPIPE or EIO; without a listener Node would
 * crash, after the flip too. Output is best effort, the outcome and exit code are not.
 */
function safeWriter(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on('error', () => {
    closed = true;
  });
  return (text) => {
    if (closed || stream.destroyed) return;
    try {
      stream.write(text.endsWith('\n') ? text : `${text}\n`);
    } catch {
      closed = true;
    }
  };
}

export function processIo(): Io {
  const tty = canAnimate(process.env, process.stdout);
  return {
    out: safeWriter(process.stdout),
    err: safeWriter(process.stderr),
    interactive: tty,
    color:
      Boolean(process.stdout.isTTY) &&
      !process.env.CI &&
      !process.env.NO_COLOR &&
      process.env.TERM !== 'dumb',
    stdinIsTTY: Boolean(process.stdin.isTTY),
    terminal: { output: process.stderr, input: process.stdin },
  };
}

const codes = { red: 31, green: 32, yellow: 33, blue: 34, bold: 1, dim: 2 } as const;
export type Style = keyof typeof codes;

export function paint(io: Pick<Io, 'color'>, style: Style, text: string): string {
  return io.color ? `\u001b[${codes[style]}m${text}\u001b[0m` : text;
}
