/**
 * `drctl runs` marks a run a later run of the same record superseded (through
 * --break-lock here) and does not offer it for resume; `rollback` without a terminal
 * needs --yes, since it now asks for the region it restores.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { failover } from '../../../src/engine/failover.js';
import type { EnginePorts } from '../../../src/engine/input.js';
import { FileJournal } from '../../../src/local/file-journal.js';
import { RecordingSink } from '../../fakes/sink.js';
import { createWorld, inputFor } from '../../fakes/world.js';
import { captureIo } from '../../helpers/capture-io.js';

describe('drctl runs and superseded runs', () => {
  it('marks the run a --break-lock run superseded and leaves it out of the resumable ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drctl-runs-'));
    const w = createWorld('failover');
    const ports: EnginePorts = { ...w.ports, journal: new FileJournal(dir) };
    // run-a dies during its deploy (a create that never returns), holding the lock.
    const stacks = new Proxy(ports.stacks, {
      get: (obj, prop) =>
        prop === 'create' ? () => new Promise(() => {}) : (Reflect.get(obj, prop) as () => unknown).bind(obj),
    });
    const hang: EnginePorts = { ...ports, stacks };
    void failover(inputFor('failover', { runId: 'run-a' }), hang, new RecordingSink());
    for (let i = 0; i < 200; i++) await new Promise((r) => setImmediate(r));
    w.clock.t += 60_000;
    const b = await failover(
      inputFor('failover', { runId: 'run-b', flags: { yes: true, breakLock: true } }),
      ports,
      new RecordingSink(),
    );
    expect(b.kind).toBe('flipped');

    const cap = captureIo();
    expect(await main(['node', 'drctl', 'runs', '--journal-dir', dir], cap.io)).toBe(0);
    const line = cap.out.find((l) => l.includes('run-a'));
    expect(line).toMatch(/superseded by run-b, not resumable/);
    expect(cap.stdout).not.toMatch(/Unfinished runs can be continued/);
    expect(cap.stdout).toMatch(/Superseded runs were overtaken by a later run/);

    const json = captureIo();
    await main(['node', 'drctl', 'runs', '--journal-dir', dir, '--json'], json.io);
    const runs = JSON.parse(json.stdout).runs as { runId: string; supersededBy?: string }[];
    expect(runs.find((r) => r.runId === 'run-a')?.supersededBy).toBe('run-b');
    expect(runs.find((r) => r.runId === 'run-b')?.supersededBy).toBeUndefined();
  });

  it('rollback without a terminal and without --yes is refused before anything (exit 2)', async () => {
    const cap = captureIo();
    const dir = mkdtempSync(join(tmpdir(), 'drctl-runs-'));
    const code = await main(['node', 'drctl', 'rollback', 'run-a', '--journal-dir', dir], cap.io);
    expect(code).toBe(2);
    expect(cap.stderr).toMatch(/drctl rollback needs a terminal to confirm, or --yes/);
  });
});
