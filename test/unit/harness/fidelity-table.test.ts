/**
 * Every behaviour the emulator harness adds has a row in docs/emulator-fidelity.md: each
 * harness module, each control endpoint and each CloudFormation type it registers is
 * named there, so a new hook cannot land without its AWS source.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const MOTO = 'test/harness/moto';
const table = readFileSync('docs/emulator-fidelity.md', 'utf8');
const modules = readdirSync(MOTO).filter((f) => f.endsWith('.py'));
const source = (f: string) => readFileSync(join(MOTO, f), 'utf8');

describe('docs/emulator-fidelity.md', () => {
  it.each(modules)('names the harness module %s', (module) => {
    expect(table).toContain(`\`${module}\``);
  });

  it('names every control endpoint', () => {
    const paths = [...source('control.py').matchAll(/path == "([^"]+)"/g)].map((m) => m[1]!);
    expect(paths.length).toBeGreaterThan(5);
    for (const path of paths) expect(table, path).toContain(`\`${path}\``);
  });

  it('names every CloudFormation type the harness registers', () => {
    const types = modules.flatMap((f) =>
      [...source(f).matchAll(/TypeSpec\(\s*"(AWS::[A-Za-z0-9:]+)"/g)].map((m) => m[1]!),
    );
    expect(types.length).toBeGreaterThan(10);
    for (const type of types) expect(table, type).toContain(type);
  });

  it('links every row of the AWS tables to an AWS documentation page', () => {
    const rows = table
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| Behaviour') && !l.startsWith('| ---'));
    const awsRows = rows.filter((l) => !l.includes('— ('));
    expect(awsRows.length).toBeGreaterThan(20);
    for (const row of awsRows)
      expect(row, row.slice(0, 80)).toMatch(/\]\(https:\/\/docs\.aws\.amazon\.com\//);
  });
});
