/**
 * `drctl ... | head -1`: the reader goes away while drctl still writes. A closed stdout or
 * stderr must never crash a command or change its exit code (during a failover that crash
 * would come after the flip).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from '../../helpers/run-cli.js';

/** Runs drctl with its stdout or stderr already closed by the reader (`| true`). */
function runClosing(args: string[], close: 'stdout' | 'stderr') {
  return new Promise<{ code: number | null; other: string }>((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const closing = child[close]!;
    const kept = close === 'stdout' ? child.stderr! : child.stdout!;
    closing.destroy();
    let other = '';
    kept.on('data', (d) => {
      other += d;
    });
    child.on('error', fail);
    child.on('close', (code) => done({ code, other }));
  });
}

describe('a closed pipe', () => {
  it('stdout closed by the reader: the command still ends 0, with no stack trace', async () => {
    const r = await runClosing(['templates', 'render', '--env', 'dev', '--region', 'us-west-2'], 'stdout');
    expect(r.other).not.toMatch(/EPIPE|Error|at /);
    expect(r.code).toBe(0);
  });

  it('stderr closed: a usage error still exits 2', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'drctl-pipe-')), 'drctl.yaml');
    writeFileSync(path, 'app: 42\n');
    const r = await runClosing(['config', 'validate', '-c', path], 'stderr');
    expect(r.code).toBe(2);
  });
});
