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

const local = () => new FileJournal(mkdtempSync(join(tmpdir(), 'drctl-m-')));
const kinds = (body: string | undefined) =>
  (body ?? '')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l).kind);

describe('MirroredJournal', () => {
  it('writes locally first, then uploads the whole journal in the background', async () => {
    const s = store();
    const j = new MirroredJournal(local(), s, { warn: () => {} });
    await j.append('run-1', entry('run-started'));
    await j.append('run-1', entry('step-intent'));
    await j.idle('run-1');
    expect(kinds(s.objects.get('run-1.ndjson'))).toEqual(['run-started', 'step-intent']);
    expect((await j.read('run-1')).length).toBe(2);
  });

  it('never delays a step: append returns while the bucket has not answered, one upload in flight', async () => {
    const pending: { key: string; body: string; answer: () => void }[] = [];
    const slow: ObjectStore = {
      put: (key, body) => new Promise<void>((answer) => pending.push({ key, body, answer })),
      describe: (k) => k,
    };
    const j = new MirroredJournal(local(), slow, { warn: () => {}, timeoutMs: 60_000 });
    const until = async (n: number) => {
      for (let i = 0; i < 500 && pending.length < n; i++) await new Promise((r) => setTimeout(r, 10));
    };
    await j.append('run-4', entry('a'));
    await until(1);
    // The bucket has not answered the first upload: the next entries are still written at once.
    await j.append('run-4', entry('b'));
    await j.append('run-4', entry('c'));
    await new Promise((r) => setTimeout(r, 30));
    expect(pending).toHaveLength(1);
    expect(kinds(pending[0]!.body)).toEqual(['a']);
    pending[0]!.answer();
    await until(2);
    // The entries written meanwhile go up together, in one upload of the whole journal.
    expect(kinds(pending[1]!.body)).toEqual(['a', 'b', 'c']);
    pending[1]!.answer();
    await j.idle('run-4');
    expect(pending).toHaveLength(2);
  });

  it('stops trying after a failure and says so once; the run goes on', async () => {
    const s = store(1);
    let puts = 0;
    const counted: ObjectStore = {
      put: (k, b) => {
        puts++;
        return s.put(k, b);
      },
      describe: s.describe,
    };
    const warnings: string[] = [];
    const j = new MirroredJournal(local(), counted, { warn: (m) => warnings.push(m) });
    await j.append('run-2', entry('a'));
    await j.idle('run-2');
    await j.append('run-2', entry('b'));
    await j.append('run-2', entry('c'));
    await j.idle('run-2');
    expect(puts).toBe(1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^could not copy the journal to s3:\/\/ops\/drctl\/run-2.ndjson \(connect ETIMEDOUT\); stopped copying it for this run, the local journal .* is complete$/,
    );
    expect((await j.read('run-2')).length).toBe(3);
  });

  it('gives up on a hanging upload after its timeout, without holding up append', async () => {
    const hanging: ObjectStore = { put: () => new Promise(() => {}), describe: (k) => k };
    const warnings: string[] = [];
    const j = new MirroredJournal(local(), hanging, { warn: (m) => warnings.push(m), timeoutMs: 20 });
    await j.append('run-3', entry('a'));
    expect(warnings).toEqual([]);
    await j.idle('run-3');
    expect(warnings[0]).toMatch(/no answer within 20 ms/);
  });
});
