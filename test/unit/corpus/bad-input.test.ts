/**
 * Bad input of every kind a command takes (flags, region names, record names, template
 * parameters, plan files, journals, run ids), beyond the malformed configs of
 * test/unit/config/malformed.test.ts: each is refused with one sentence naming what is
 * wrong, the usage exit code 2, and no AWS call at all (the SDK is pointed at a recorder
 * that must see nothing, with credentials set so a call would really be sent).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { captureIo } from '../../helpers/capture-io.js';
import { startRequestRecorder } from '../../helpers/request-recorder.js';
import { configWith } from '../config/fixtures.js';
import { type BadInput, CORPUS } from './corpus.js';

let recorder: Awaited<ReturnType<typeof startRequestRecorder>>;
let dir: string;
const saved = { ...process.env };

beforeAll(async () => {
  recorder = await startRequestRecorder();
  dir = mkdtempSync(join(tmpdir(), 'drctl-corpus-'));
  mkdirSync(join(dir, 'runs'));
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: 'us-east-1',
  });
  delete process.env.AWS_ENDPOINT_URL;
});
afterAll(async () => {
  await recorder.close();
  process.env = saved;
});

/** Writes the case's files; `{dir}` in arguments and files becomes the case's folder. */
function prepare(c: BadInput, i: number): string[] {
  const here = join(dir, `case-${i}`);
  mkdirSync(join(here, 'runs'), { recursive: true });
  const config = configWith((cfg) => {
    (cfg as Record<string, unknown>).journal = { dir: join(here, 'runs') };
    c.config?.(cfg);
  });
  writeFileSync(join(here, 'drctl.yaml'), config);
  for (const [name, text] of Object.entries(c.files ?? {}))
    writeFileSync(join(here, name), text.replaceAll('{dir}', here));
  return c.args.map((a) => a.replaceAll('{dir}', here));
}

describe('bad input is refused before any AWS call, with one sentence and exit 2', () => {
  it('has at least 40 cases', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(40);
  });

  CORPUS.forEach((c, i) => {
    it(`${c.kind}: ${c.name}`, async () => {
      const args = prepare(c, i);
      const before = recorder.requests.length;
      const cap = captureIo();
      const global = ['-c', join(dir, `case-${i}`, 'drctl.yaml'), '--endpoint-url', recorder.endpoint];
      // Global flags first: a case's own --endpoint-url comes later and wins.
      const code = await main(['node', 'drctl', ...global, ...args], cap.io);
      expect(recorder.requests.slice(before), 'AWS calls made').toEqual([]);
      expect(code, cap.stderr || cap.stdout).toBe(2);
      // With --json the error is a JSON document on stdout.
      const json = args.includes('--json') ? (JSON.parse(cap.stdout) as { message: string }) : undefined;
      const lines = json ? [`Error: ${json.message}`] : cap.err.filter((l) => l.trim() !== '');
      // One sentence per problem: "Error: <sentence>", or "Error: N problems...:" then "  - <sentence>".
      const sentences = lines[0]?.endsWith(':')
        ? lines.slice(1).filter((l) => l.startsWith('  - '))
        : lines.slice(0, 1);
      expect(sentences.join('\n')).toMatch(c.says);
      for (const s of sentences) expect(s).toMatch(/^(Error: |error: | {2}- ).+[.):'"]$/);
    });
  });
});
