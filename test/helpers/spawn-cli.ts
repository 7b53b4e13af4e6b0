import { type ChildProcess, spawn } from 'node:child_process';
import { BIN } from './run-cli.js';

export interface NdjsonEvent {
  type: string;
  code?: string;
  data?: Record<string, unknown>;
  [k: string]: unknown;
}

/**
 * A drctl process whose NDJSON output (--json) is parsed as it arrives, so a test can act
 * at a chosen moment (kill -9 after the flip, start a second run once the lock is taken).
 */
export class LiveCli {
  readonly child: ChildProcess;
  readonly events: NdjsonEvent[] = [];
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private waiters: { test: (e: NdjsonEvent) => boolean; resolve: (e: NdjsonEvent) => void }[] = [];

  constructor(args: string[], env: Record<string, string>) {
    this.child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, ...env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buffer = '';
    this.child.stdout!.on('data', (d: Buffer) => {
      this.stdout += d;
      buffer += d;
      let nl = buffer.indexOf('\n');
      while (nl >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        nl = buffer.indexOf('\n');
        if (!line.trim()) continue;
        try {
          const e = JSON.parse(line) as NdjsonEvent;
          this.events.push(e);
          const ready = this.waiters.filter((w) => w.test(e));
          this.waiters = this.waiters.filter((w) => !ready.includes(w));
          for (const w of ready) w.resolve(e);
        } catch {
          // not JSON: kept in stdout
        }
      }
    });
    this.child.stderr!.on('data', (d: Buffer) => {
      this.stderr += d;
    });
    this.exited = new Promise((resolve) =>
      this.child.on('close', (code, signal) => resolve({ code, signal })),
    );
  }

  /** Resolves with the first event (seen or future) matching `test`; rejects if the process ends first. */
  waitFor(test: (e: NdjsonEvent) => boolean, what: string): Promise<NdjsonEvent> {
    const seen = this.events.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      this.waiters.push({ test, resolve });
      this.exited.then(({ code }) =>
        reject(
          new Error(
            `drctl exited ${code} before ${what}\n--- stdout ---\n${this.stdout}\n--- stderr ---\n${this.stderr}`,
          ),
        ),
      );
    });
  }

  event(code: string) {
    return this.waitFor((e) => e.type === 'event' && e.code === code, `event ${code}`);
  }
}
