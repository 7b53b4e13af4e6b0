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

describe('drctl init --switch', () => {
  const arn = (r: string) =>
    `arn:aws:route53-recovery-control::123456789012:controlpanel/p1/routingcontrol/${r.replace(/-/g, '')}`;
  const arc = [
    '--switch',
    'arc',
    '--arc-endpoints',
    'eu-west-1=https://abc.route53-recovery-cluster.eu-west-1.amazonaws.com/v1,us-east-1=https://abc.route53-recovery-cluster.us-east-1.amazonaws.com/v1',
    '--arc-controls',
    ['ap-southeast-1', 'us-east-1', 'us-west-2'].map((r) => `${r}=${arn(r)}`).join(','),
    '--lock-bucket',
    'acme-dr-locks',
    '--lock-region',
    'eu-west-1',
  ];

  it('writes an arc switch with the S3 lock that drctl then accepts', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'drctl-init-')), 'drctl.yaml');
    const cap = captureIo();
    expect(await main(['node', 'drctl', 'init', '--yes', '-c', path, ...flags, ...arc], cap.io)).toBe(0);
    const text = readFileSync(path, 'utf8');
    expect(text).toMatch(/mode: arc\n {2}controlPlane: avoid/);
    expect(text).toMatch(/store: s3\n {2}s3: \{bucket: acme-dr-locks, region: eu-west-1\}/);
    expect(await main(['node', 'drctl', 'config', 'validate', '-c', path], captureIo().io)).toBe(0);
  });

  it('writes an s3-object switch', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'drctl-init-')), 'drctl.yaml');
    const s3 = ['--switch', 's3-object', '--switch-bucket', 'acme-dr-switch', '--switch-region', 'eu-west-1'];
    const lock = [
      '--lock-bucket',
      'acme-dr-locks',
      '--lock-region',
      'eu-west-1',
      '--name-servers',
      '192.0.2.1',
    ];
    expect(
      await main(['node', 'drctl', 'init', '--yes', '-c', path, ...flags, ...s3, ...lock], captureIo().io),
    ).toBe(0);
    const text = readFileSync(path, 'utf8');
    expect(text).toMatch(/ {6}us-east-1: switch\/us-east-1/);
    expect(text).toMatch(/nameServers: \['192.0.2.1'\]/);
  });

  it('names what a switch needs with --yes, in one sentence, and writes nothing', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'drctl-init-')), 'drctl.yaml');
    const cap = captureIo();
    expect(
      await main(['node', 'drctl', 'init', '--yes', '-c', path, ...flags, '--switch', 'arc'], cap.io),
    ).toBe(2);
    expect(cap.stderr).toMatch(/drctl init --switch arc needs --arc-endpoints and --arc-controls\./);
  });

  it('refuses a lock bucket in the primary region (the config rule), and writes nothing', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'drctl-init-')), 'drctl.yaml');
    const cap = captureIo();
    const bad = arc.map((a) => (a === 'eu-west-1' ? 'ap-southeast-1' : a));
    expect(await main(['node', 'drctl', 'init', '--yes', '-c', path, ...flags, ...bad], cap.io)).toBe(2);
    expect(cap.stderr).toMatch(/lock\.s3\.region: ap-southeast-1 is the primary region/);
  });
});
