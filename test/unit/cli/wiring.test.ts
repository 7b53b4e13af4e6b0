/** Wire once: one client factory and one Route 53 pacer per run, one journal folder rule. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Route53Dns } from '../../../src/aws/route53-dns.js';
import { awsAdapters, createContext } from '../../../src/cli/context.js';
import { wireEnginePorts } from '../../../src/cli/engine-ports.js';
import { journalFolder } from '../../../src/cli/run-setup.js';
import { captureIo } from '../../helpers/capture-io.js';
import { configWith } from '../config/fixtures.js';

const globals = (config = 'x') => ({
  config,
  json: false,
  verbose: false,
  endpointUrl: 'http://127.0.0.1:1',
});
const cwd = process.cwd();
afterEach(() => process.chdir(cwd));

describe('wiring a run', () => {
  it("the engine ports share the run's one factory and its paced Route 53, the lock included", async () => {
    const aws = await awsAdapters(globals());
    const wired = await wireEnginePorts(
      aws,
      { dir: mkdtempSync(join(tmpdir(), 'drctl-')), warn: () => {} },
      'Z1',
    );
    expect(wired.factory).toBe(aws.factory);
    expect(wired.ports.dns).toBe(aws.dns);
    // The paced wrapper (src/engine/pace.ts), not the bare adapter...
    expect(wired.ports.dns).not.toBeInstanceOf(Route53Dns);
    // ...and the lock's Route 53 calls take their turns through that same wrapper.
    expect((wired.ports.lock as unknown as { dns: unknown }).dns).toBe(wired.ports.dns);
    wired.close();
  });
});

describe('journal folder', () => {
  it("a relative journal.dir is read from the config file's folder, whatever the current directory", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drctl-'));
    writeFileSync(
      join(dir, 'drctl.yaml'),
      configWith((c) => Object.assign(c, { journal: { dir: 'runs' } })),
    );
    mkdirSync(join(dir, 'elsewhere'));
    process.chdir(join(dir, 'elsewhere'));
    const ctx = createContext(globals(join(dir, 'drctl.yaml')), captureIo().io);
    expect(await journalFolder(ctx)).toBe(join(dir, 'runs'));
    expect(await journalFolder(ctx, '/evidence')).toBe('/evidence');
    const none = createContext(globals(join(dir, 'missing.yaml')), captureIo().io);
    expect(await journalFolder(none)).toBe('~/.drctl/runs');
  });
});

describe('teardown and drill --sweep wiring', () => {
  it("take the config's lock store: with lock.store s3 they exclude a failover through the same S3 lock", async () => {
    const { mockClient } = await import('aws-sdk-client-mock');
    const { ListHostedZonesByNameCommand, Route53Client } = await import('@aws-sdk/client-route-53');
    const { S3Lock } = await import('../../../src/aws/s3-lock.js');
    const { loadConfig } = await import('../../../src/config/load.js');
    const { wireOnConfigZone } = await import('../../../src/cli/run-setup.js');
    const r53 = mockClient(Route53Client);
    r53.on(ListHostedZonesByNameCommand).resolves({
      HostedZones: [{ Id: '/hostedzone/Z1ABC', Name: 'example.com.', CallerReference: 'x' }],
    });
    const dir = mkdtempSync(join(tmpdir(), 'drctl-'));
    const path = join(dir, 'drctl.yaml');
    writeFileSync(
      path,
      configWith((c) =>
        Object.assign(c, { lock: { store: 's3', s3: { bucket: 'acme-dr-locks', region: 'eu-west-1' } } }),
      ),
    );
    try {
      const ctx = createContext(globals(path), captureIo().io);
      const { zoneId, wired } = await wireOnConfigZone(ctx, await loadConfig(path));
      expect(zoneId).toBe('Z1ABC');
      expect(wired.ports.lock).toBeInstanceOf(S3Lock);
      wired.close();
    } finally {
      r53.restore();
    }
  });
});
