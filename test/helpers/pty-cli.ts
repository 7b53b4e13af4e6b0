/**
 * drctl on a pseudo-terminal, for what only a terminal shows: the confirmation prompt and
 * Ctrl-C typed into it. util-linux `script` gives the child a pty (reporting 0 columns, as
 * some real terminals do); keys written here reach the prompt as typed keys.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { BIN } from './run-cli.js';

/** Single-quoted for sh. */
const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export class PtyCli {
  readonly child: ChildProcess;
  output = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(args: string[], env: Record<string, string>) {
    const command = `exec ${[process.execPath, BIN, ...args].map(q).join(' ')}`;
    this.child = spawn('script', ['-qefc', command, '/dev/null'], {
      env: { ...process.env, ...env, NO_COLOR: '1', TERM: 'xterm' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const add = (d: Buffer) => {
      this.output += d;
    };
    this.child.stdout!.on('data', add);
    this.child.stderr!.on('data', add);
    this.exited = new Promise((resolve) =>
      this.child.on('close', (code, signal) => resolve({ code, signal })),
    );
  }

  /** Resolves once the output matches; rejects if drctl ends first. */
  async waitForOutput(pattern: RegExp, what: string): Promise<void> {
    for (;;) {
      if (pattern.test(this.output)) return;
      const ended = await Promise.race([
        this.exited.then(() => true),
        new Promise<false>((r) => setTimeout(() => r(false), 100)),
      ]);
      if (ended && !pattern.test(this.output))
        throw new Error(`drctl exited before ${what}\n--- output ---\n${this.output}`);
    }
  }

  /** Keys as the operator types them (`\x03` is Ctrl-C). */
  type(keys: string): void {
    this.child.stdin!.write(keys);
  }

  /** The drctl process itself (script's child), to signal it as a terminal or `kill` would. */
  drctlPid(): number {
    const pids = execFileSync('ps', ['-o', 'pid=', '--ppid', String(this.child.pid)], { encoding: 'utf8' })
      .trim()
      .split(/\s+/)
      .map(Number)
      .filter((n) => n > 0);
    if (pids.length !== 1) throw new Error(`expected one drctl under script, found ${pids.join(', ')}`);
    return pids[0]!;
  }
}
