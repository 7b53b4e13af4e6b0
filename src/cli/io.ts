/** Where the CLI writes: injectable so tests capture output and presenters know the terminal. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** True when stdout is an interactive terminal and not in CI. */
  interactive: boolean;
  color: boolean;
  /** Read a line from the operator (prompts); absent without a TTY. */
  stdinIsTTY: boolean;
}

export function processIo(): Io {
  const tty = Boolean(process.stdout.isTTY) && !process.env.CI;
  return {
    out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
    err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
    interactive: tty,
    color: tty && !process.env.NO_COLOR,
    stdinIsTTY: Boolean(process.stdin.isTTY),
  };
}

const codes = { red: 31, green: 32, yellow: 33, blue: 34, bold: 1, dim: 2 } as const;
export type Style = keyof typeof codes;

export function paint(io: Pick<Io, 'color'>, style: Style, text: string): string {
  return io.color ? `\u001b[${codes[style]}m${text}\u001b[0m` : text;
}
