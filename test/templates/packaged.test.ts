/**
 * The templates ship in the npm package and are found from an installed copy: the files
 * `npm pack` would publish are laid out in a temporary folder (node_modules linked, as an
 * install would provide them), and that copy's drctl lists and renders the blueprint
 * from a working directory that has no templates of its own.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
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

/**
 * A fresh clone has no dist/: `npm pack` must build it (the prepack script), or the
 * package ships a drctl that can only print its version.
 */
describe('npm pack from a fresh clone', () => {
  it('builds dist/ and ships a drctl that runs', () => {
    const clone = join(mkdtempSync(join(tmpdir(), 'drctl-clone-')), 'drctl');
    const tracked = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
      encoding: 'utf8',
    })
      .split('\0')
      .filter((f) => f && existsSync(f) && !/^(dist|node_modules)(\/|$)/.test(f));
    for (const f of tracked) {
      mkdirSync(dirname(join(clone, f)), { recursive: true });
      cpSync(f, join(clone, f));
    }
    symlinkSync(resolve('node_modules'), join(clone, 'node_modules'));
    expect(existsSync(join(clone, 'dist'))).toBe(false);
    const out = execFileSync('npm', ['pack', '--dry-run', '--json'], {
      cwd: clone,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${resolve('node_modules/.bin')}:${process.env.PATH}` },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const shipped = (JSON.parse(out) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    expect(shipped).toEqual(expect.arrayContaining(['dist/cli/main.js', 'dist/cli/program.js', 'bin/drctl']));
    const valid = execFileSync(
      process.execPath,
      [join(clone, 'bin', 'drctl'), 'config', 'validate', '-c', join(clone, 'examples', 'drctl.yaml')],
      { encoding: 'utf8' },
    );
    expect(valid).toContain('is valid');
  }, 300_000);
});

describe('an older Node', () => {
  it('is refused in one sentence with exit 2 (the AWS SDK would warn on every call)', () => {
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        'data:text/javascript,Object.defineProperty(process,"versions",{value:{...process.versions,node:"20.20.2"}})',
        'bin/drctl',
        'runs',
      ],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^Error: drctl needs Node\.js 22\.12 or newer, and this is 20\.20\.2; install Node 22/,
      ),
    ]);
  });
});
