/**
 * A run in flight when drctl is upgraded must still resume and roll back: its journal was
 * written by the previous release. The fixture is the journal drctl 0.1.0 (commit f65bac3)
 * wrote for a failover killed after Route 53 took its first batch and before the flip's
 * `step-done` (kill -9: nothing more written). It is read through the real FileJournal.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resumeRun } from '../../../src/engine/resume.js';
import { rollbackRun } from '../../../src/engine/rollback.js';
import { FileJournal } from '../../../src/local/file-journal.js';
import type { RecordChange } from '../../../src/ports/dns.js';
import { dataField } from '../../../src/ports/journal.js';
import { RecordingSink } from '../../fakes/sink.js';
import { createWorld, inputFor } from '../../fakes/world.js';
import { expectLockReleased, expectRestored, settle } from './helpers.js';

const FIXTURE = new URL('../../fixtures/journals/run-1.ndjson', import.meta.url);

/** The world as the killed run left it: its first batch applied, its journal on disk. */
async function inFlight(edit?: (text: string) => string) {
  const w = createWorld('failover');
  const dir = mkdtempSync(join(tmpdir(), 'drctl-journal-'));
  const path = join(dir, 'run-1.ndjson');
  if (edit) writeFileSync(path, edit(readFileSync(FIXTURE, 'utf8')));
  else copyFileSync(FIXTURE, path);
  const journal = new FileJournal(dir);
  const entries = await journal.read('run-1');
  const flip = entries.find((e) => e.kind === 'step-intent' && e.step === 'flip:1');
  await w.dns.changeRecordSets('ZFAKE', dataField(flip, 'changes') as RecordChange[], 'flip 1');
  return { w, journal, ports: { ...w.ports, journal } };
}

const kinds = async (j: FileJournal) =>
  (await j.read('run-1')).map((e) => `${e.kind} ${e.step ?? ''}`.trim());

describe('a journal written by the previous release', () => {
  it('resumes: the flip is reconciled as applied, done steps are skipped, the run ends flipped', async () => {
    const { w, journal, ports } = await inFlight();
    const sink = new RecordingSink();
    const r = await settle(resumeRun('run-1', inputFor('failover'), ports, sink));
    expect(r.outcome).toMatchObject({ kind: 'flipped' });
    expect(await kinds(journal)).toContain('step-done flip:1');
    expect(sink.phases().filter((p) => p.endsWith(':skipped'))).toEqual([
      'deploy:skipped',
      'await-alb:skipped',
      'snapshot:skipped',
      'flip#1:skipped',
    ]);
    expect(w.dns.changeLog).toHaveLength(1);
    expectLockReleased(w);
  });

  it('rolls back to the journaled snapshot exactly', async () => {
    const { w, journal, ports } = await inFlight();
    const r = await rollbackRun('run-1', ports, new RecordingSink(), { yes: true });
    expect(r).toMatchObject({ kind: 'restored' });
    expectRestored(w);
    expect((await kinds(journal)).slice(-1)).toEqual(['run-finished']);
    expectLockReleased(w);
  });

  it('a journal whose snapshot is not what drctl writes is bad input (exit 2), before any change', async () => {
    const { w, ports } = await inFlight((t) =>
      t.replace(/"data":\{"records":\[/, '"data":{"records":7,"x":['),
    );
    const e = await rollbackRun('run-1', ports, new RecordingSink()).catch((x) => x);
    expect(e).toMatchObject({ code: 'USAGE', exitCode: 2 });
    expect(e.message).toMatch(/run-1\.ndjson is damaged: its step-done entry of snapshot/);
    expect(w.dns.changeLog).toHaveLength(1);
  });

  it('a run-started entry that is not a failover header is bad input (exit 2)', async () => {
    const { ports } = await inFlight((t) => t.replace('"hostedZoneId":"ZFAKE",', ''));
    const e = await rollbackRun('run-1', ports, new RecordingSink()).catch((x) => x);
    expect(e).toMatchObject({ code: 'USAGE', exitCode: 2 });
    expect(e.message).toMatch(/is damaged: its run-started entry/);
  });
});
