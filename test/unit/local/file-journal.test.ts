import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileJournal } from '../../../src/local/file-journal.js';

const dir = () => mkdtempSync(join(tmpdir(), 'drctl-journal-'));

describe('FileJournal', () => {
  it('appends entries and reads them back in order', async () => {
    const j = new FileJournal(dir());
    await j.append('run-1', {
      at: '2026-11-30T00:00:00Z',
      kind: 'run-started',
      data: { command: 'failover' },
    });
    await j.append('run-1', { at: '2026-11-30T00:00:01Z', kind: 'step-intent', step: 'flip' });
    expect((await j.read('run-1')).map((e) => e.kind)).toEqual(['run-started', 'step-intent']);
  });

  it('ignores a torn last line (the process died mid-write) but not damage elsewhere', async () => {
    const d = dir();
    const j = new FileJournal(d);
    await j.append('run-2', { at: 't', kind: 'run-started' });
    appendFileSync(join(d, 'run-2.ndjson'), '{"at":"t","kind":"step-in');
    expect(await j.read('run-2')).toHaveLength(1);
    writeFileSync(join(d, 'run-3.ndjson'), 'garbage\n{"at":"t","kind":"x"}\n');
    await expect(j.read('run-3')).rejects.toThrow(/is damaged at line 1/);
  });

  it('lists runs newest first with their outcome, and shows damaged ones', async () => {
    const d = dir();
    const j = new FileJournal(d);
    await j.append('run-old', {
      at: '2026-11-01T00:00:00Z',
      kind: 'run-started',
      data: { command: 'failover' },
    });
    await j.append('run-old', {
      at: '2026-11-01T00:10:00Z',
      kind: 'run-finished',
      data: { outcome: 'flipped' },
    });
    await j.append('run-new', {
      at: '2026-11-30T00:00:00Z',
      kind: 'run-started',
      data: { command: 'drill' },
    });
    writeFileSync(join(d, 'run-bad.ndjson'), 'nope\nnope\n');
    const runs = await j.list();
    expect(runs.map((r) => [r.runId, r.command, r.outcome ?? r.lastKind])).toEqual([
      ['run-new', 'drill', 'run-started'],
      ['run-old', 'failover', 'flipped'],
      ['run-bad', 'unknown', 'damaged'],
    ]);
  });

  it('rejects run ids that could escape the journal folder', async () => {
    const j = new FileJournal(dir());
    expect(() => j.locate('../../etc/passwd')).toThrow(/is not a run id/);
    await expect(j.read('nope')).rejects.toThrow(/No journal for run nope/);
  });

  it('returns no runs when the folder does not exist yet', async () => {
    expect(await new FileJournal(join(dir(), 'absent')).list()).toEqual([]);
  });
});
