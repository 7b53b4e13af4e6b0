/**
 * checkov over the shipped templates: no failed check outside the accepted list in
 * docs/templates.md ("Accepted checkov findings"), and no entry in that list that checkov no
 * longer reports, so the doc and the templates cannot drift apart.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { dir } from './blueprint.js';
import { type CheckovRun, ensureCheckov, runCheckov } from './checkov.js';

interface Accepted {
  check: string;
  file: string;
  resource: string;
  reason: string;
}

/** Rows `| CKV_x | file.yaml | Res1, Res2 | reason |` under the doc's accepted-findings heading. */
function acceptedFindings(markdown: string): Accepted[] {
  const section = markdown.split(/^## Accepted checkov findings\s*$/m)[1]?.split(/^## /m)[0];
  if (section === undefined)
    throw new Error('docs/templates.md has no "## Accepted checkov findings" section');
  const out: Accepted[] = [];
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (!/^CKV2?_AWS_\d+$/.test(cells[1] ?? '')) continue;
    const [, check, file, resources, reason] = cells as [string, string, string, string, string];
    for (const resource of resources.split(',').map((r) => r.trim().replace(/`/g, ''))) {
      out.push({ check, file: file.replace(/`/g, ''), resource, reason });
    }
  }
  return out;
}

const key = (f: { check: string; file: string; resource: string }) => `${f.check} ${f.file} ${f.resource}`;
const accepted = acceptedFindings(readFileSync(join(dir, '..', 'docs', 'templates.md'), 'utf8'));

describe('the accepted-findings list in docs/templates.md', () => {
  it('is short and gives a reason for every entry', () => {
    expect(accepted.length).toBeGreaterThan(0);
    expect(new Set(accepted.map((a) => a.check)).size).toBeLessThanOrEqual(8);
    for (const a of accepted) expect(a.reason.length, key(a)).toBeGreaterThan(40);
  });

  it('is read from the table rows (a stray row shape is not silently dropped)', () => {
    const doc =
      '## Accepted checkov findings\n\n| Check | Template | Resources | Why |\n|---|---|---|---|\n| CKV_AWS_1 | a.yaml | X, `Y` | because of a long enough reason here |\n\n## Next\n| CKV_AWS_2 | b.yaml | Z | no |\n';
    expect(acceptedFindings(doc).map(key)).toEqual(['CKV_AWS_1 a.yaml X', 'CKV_AWS_1 a.yaml Y']);
    expect(() => acceptedFindings('# nothing')).toThrow(/Accepted checkov findings/);
  });
});

describe(`checkov over templates/`, () => {
  let run: CheckovRun;
  beforeAll(async () => {
    const bin = ensureCheckov();
    // Measured on this 2-core machine: 5 s at load 5, 29 s at load 50 (5 s of CPU): a wide ceiling.
    run = await runCheckov(bin, dir, 280_000);
  }, 900_000);

  it('parses every template and passes checks', () => {
    expect(run.parsingErrors).toEqual([]);
    expect(run.passed).toBeGreaterThan(100);
  });

  it('fails no check outside the accepted list', () => {
    const unaccepted = run.failed.filter((f) => !accepted.some((a) => key(a) === key(f)));
    expect(unaccepted.map((f) => `${key(f)}: ${f.name}`)).toEqual([]);
  });

  it('lists nothing as accepted that checkov no longer reports', () => {
    const stale = accepted.filter((a) => !run.failed.some((f) => key(f) === key(a)));
    expect(stale.map(key)).toEqual([]);
  });
});
