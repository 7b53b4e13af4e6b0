/**
 * Commands around a data-plane switch that must refuse or stay off Route 53's control
 * plane before any AWS call: teardown (the switch's records alias every region's ALB) and
 * the hosted zone of a run with controlPlane avoid (taken as configured, never looked up).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { hostedZone } from '../../../src/cli/run-setup.js';
import { parseConfig } from '../../../src/config/load.js';
import { captureIo } from '../../helpers/capture-io.js';
import { configWith } from '../config/fixtures.js';

const arn = (r: string) =>
  `arn:aws:route53-recovery-control::123456789012:controlpanel/p1/routingcontrol/${r.replace(/-/g, '')}`;
const arcConfig = (edit: (c: Record<string, unknown>) => void = () => {}) =>
  configWith((c) => {
    const x = c as Record<string, unknown>;
    x.switch = {
      mode: 'arc',
      arc: {
        endpoints: [
          { region: 'eu-west-1', url: 'https://abc.route53-recovery-cluster.eu-west-1.amazonaws.com/v1' },
        ],
        controls: Object.fromEntries(['ap-southeast-1', 'us-east-1', 'us-west-2'].map((r) => [r, arn(r)])),
      },
    };
    x.lock = { store: 's3', s3: { bucket: 'acme-dr-locks', region: 'eu-west-1' } };
    edit(x);
  });

describe('commands with a data-plane switch', () => {
  it('teardown refuses in one sentence before any AWS call: the switch records point at every region', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'drctl-sw-')), 'drctl.yaml');
    await (await import('node:fs/promises')).writeFile(path, arcConfig());
    const cap = captureIo();
    const code = await main(
      ['node', 'drctl', 'teardown', 'us-east-1', '--yes', '-c', path, '--endpoint-url', 'http://127.0.0.1:9'],
      cap.io,
    );
    expect(code).toBe(5);
    expect(cap.stderr).toMatch(
      /switch\.mode is arc, whose provisioned failover records point at us-east-1's load balancer/,
    );
  });

  it('with controlPlane avoid the hosted zone is taken as configured, never looked up', async () => {
    const calls: string[] = [];
    const dns = {
      findHostedZone: async (z: string) => {
        calls.push(z);
        return { id: 'Z1', name: 'example.com.' };
      },
    };
    const avoid = parseConfig(arcConfig(), '/tmp');
    expect(await hostedZone({ dns }, avoid)).toEqual({ id: 'example.com', name: 'example.com' });
    expect(calls).toEqual([]);
    const use = parseConfig(
      arcConfig((c) => {
        (c.switch as Record<string, unknown>).controlPlane = 'use';
        c.lock = { store: 'route53' };
      }),
      '/tmp',
    );
    expect(await hostedZone({ dns }, use)).toEqual({ id: 'Z1', name: 'example.com.' });
    expect(calls).toEqual(['example.com']);
  });
});
