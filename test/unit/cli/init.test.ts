import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { captureIo } from '../../helpers/capture-io.js';

const flags = [
  '--app',
  'shop',
  '--primary-region',
  'ap-southeast-1',
  '--target-regions',
  'us-east-1, us-west-2',
  '--hosted-zone',
  'example.com',
  '--record',
  'www.example.com',
];

describe('drctl init', () => {
  it('writes a commented config from flags that drctl then accepts', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'drctl-init-')), 'drctl.yaml');
    const cap = captureIo();
    expect(
      await main(['node', 'drctl', 'init', '--yes', '-c', path, ...flags, '--routing', 'failover'], cap.io),
    ).toBe(0);
    const text = readFileSync(path, 'utf8');
    expect(text).toMatch(/^# drctl configuration/);
    expect(text).toMatch(/routing: failover/);
    expect(text).toMatch(/ {6}us-east-1: us-east-1/);
    const check = captureIo();
    expect(await main(['node', 'drctl', 'config', 'validate', '-c', path], check.io)).toBe(0);
  });

  it('never overwrites an existing config without --force', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'drctl-init-')), 'drctl.yaml');
    writeFileSync(path, 'mine: true\n');
    const cap = captureIo();
    expect(await main(['node', 'drctl', 'init', '--yes', '-c', path, ...flags], cap.io)).toBe(2);
    expect(cap.stderr).toMatch(/already exists; pass --force/);
    expect(readFileSync(path, 'utf8')).toBe('mine: true\n');
    expect(
      await main(['node', 'drctl', 'init', '--yes', '--force', '-c', path, ...flags], captureIo().io),
    ).toBe(0);
    expect(readFileSync(path, 'utf8')).toMatch(/app: shop/);
  });

  it('names the missing flags with --yes', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'drctl-init-')), 'drctl.yaml');
    const cap = captureIo();
    expect(await main(['node', 'drctl', 'init', '--yes', '-c', path, '--app', 'shop'], cap.io)).toBe(2);
    expect(cap.stderr).toBe(
      'Error: drctl init --yes needs --primary-region, --target-regions, --hosted-zone, --record (or run it on a terminal without --yes to be asked).',
    );
  });

  it('refuses to write a config it would itself reject', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'drctl-init-')), 'drctl.yaml');
    const cap = captureIo();
    const bad = flags.map((f) => (f === 'us-east-1, us-west-2' ? 'ap-southeast-1' : f));
    expect(await main(['node', 'drctl', 'init', '--yes', '-c', path, ...bad], cap.io)).toBe(2);
    expect(cap.stderr).toMatch(/is the primary region/);
  });

  it('refuses to ask questions without a terminal', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'drctl-init-')), 'drctl.yaml');
    const cap = captureIo({ stdinIsTTY: false });
    expect(await main(['node', 'drctl', 'init', '-c', path], cap.io)).toBe(2);
    expect(cap.stderr).toMatch(/needs a terminal to ask its questions; pass --yes/);
  });
});
