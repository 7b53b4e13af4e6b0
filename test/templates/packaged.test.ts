/**
 * The templates ship in the npm package and are found from an installed copy: the files
 * `npm pack` would publish are laid out in a temporary folder (node_modules linked, as an
 * install would provide them), and that copy's drctl lists and renders the blueprint
 * from a working directory that has no templates of its own.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

describe('templates from an installed copy', () => {
  let pkg: string;
  let files: string[];

  beforeAll(() => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      encoding: 'utf8',
    });
    files = (JSON.parse(out) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    pkg = join(mkdtempSync(join(tmpdir(), 'drctl-pkg-')), 'drctl');
    for (const f of files) {
      mkdirSync(dirname(join(pkg, f)), { recursive: true });
      cpSync(f, join(pkg, f));
    }
    symlinkSync(resolve('node_modules'), join(pkg, 'node_modules'));
  }, 60_000);

  it('publishes the blueprint, the built CLI and no tests', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'templates/manifest.yaml',
        'templates/params/prod.yaml',
        'dist/cli/main.js',
        'bin/drctl',
      ]),
    );
    expect(files.filter((f) => f.startsWith('test/'))).toEqual([]);
  });

  it('lists and renders the shipped stacks from anywhere', () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'drctl-cwd-'));
    const bin = join(pkg, 'bin', 'drctl');
    const list = execFileSync(process.execPath, [bin, 'templates', 'list'], {
      cwd: elsewhere,
      encoding: 'utf8',
    });
    expect(list).toContain(join(pkg, 'templates'));
    expect(list).toMatch(/wave 3\n {2}compute/);
    const rendered = execFileSync(
      process.execPath,
      [bin, 'templates', 'render', '--env', 'test', '--region', 'us-west-2'],
      { cwd: elsewhere, encoding: 'utf8' },
    );
    expect(rendered).toMatch(/-test-network \(network\.yaml, wave 1, us-west-2\)/);
  });
});
