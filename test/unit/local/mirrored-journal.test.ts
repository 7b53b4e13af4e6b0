import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileJournal } from '../../../src/local/file-journal.js';
import { MirroredJournal } from '../../../src/local/mirrored-journal.js';
import type { ObjectStore } from '../../../src/ports/object-store.js';

function store(failFor = 0) {
  const objects = new Map<string, string>();
  let failures = failFor;
  const s: ObjectStore & { objects: Map<string, string> } = {
    objects,
    async put(key, body) {
      if (failures > 0) {
        failures--;
        throw new Error('connect ETIMEDOUT');
      }
      objects.set(key, body);
    },
    describe: (key) => `s3://ops/drctl/${key}`,
  };
  return s;
}

const entry = (kind: string) => ({ at: '2026-11-30T01:00:00.000Z', kind });

describe('MirroredJournal', () => {
  it('writes locally first, then uploads the whole journal after every entry', async () => {
    const s = store();
    const j = new MirroredJournal(new FileJournal(mkdtempSync(join(tmpdir(), 'drctl-m-'))), s, {
      warn: () => {},
    });
    await j.append('run-1', entry('run-started'));
    await j.append('run-1', entry('step-intent'));
    expect(
      s.objects
        .get('run-1.ndjson')!
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).kind),
    ).toEqual(['run-started', 'step-intent']);
    expect((await j.read('run-1')).length).toBe(2);
  });

  it('never fails a run when the bucket does not answer: warns once, catches up on the next success', async () => {
    const s = store(2);
    const warnings: string[] = [];
    const j = new MirroredJournal(new FileJournal(mkdtempSync(join(tmpdir(), 'drctl-m-'))), s, {
      warn: (m) => warnings.push(m),
    });
    await j.append('run-2', entry('a'));
    await j.append('run-2', entry('b'));
    await j.append('run-2', entry('c'));
    expect(warnings).toEqual([
      'could not copy the journal to s3://ops/drctl/run-2.ndjson (connect ETIMEDOUT); the local journal is complete',
    ]);
    expect(s.objects.get('run-2.ndjson')!.trim().split('\n')).toHaveLength(3);
  });

  it('gives up on a hanging upload after its timeout', async () => {
    const hanging: ObjectStore = { put: () => new Promise(() => {}), describe: (k) => k };
    const warnings: string[] = [];
    const j = new MirroredJournal(new FileJournal(mkdtempSync(join(tmpdir(), 'drctl-m-'))), hanging, {
      warn: (m) => warnings.push(m),
      timeoutMs: 20,
    });
    await j.append('run-3', entry('a'));
    expect(warnings[0]).toMatch(/no answer within 20 ms/);
  });
});
