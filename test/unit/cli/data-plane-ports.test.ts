import { describe, expect, it } from 'vitest';
import { ArcRoutingControls } from '../../../src/aws/arc-routing-controls.js';
import { ClientFactory } from '../../../src/aws/clients.js';
import { S3Lock } from '../../../src/aws/s3-lock.js';
import { S3ObjectSwitch } from '../../../src/aws/s3-object-switch.js';
import { type DataPlaneSettings, wireDataPlane } from '../../../src/cli/engine-ports.js';
import { AuthoritativeDns } from '../../../src/local/authoritative-dns.js';

const factory = new ClientFactory({ endpointUrl: 'http://127.0.0.1:1' });
const lockS3 = { bucket: 'acme-dr-locks', region: 'us-west-2', prefix: 'drctl/locks/' };
const settings = (
  s: Partial<DataPlaneSettings['switch']>,
  store: 'route53' | 's3' = 'route53',
): DataPlaneSettings => ({
  switch: { mode: 'records', controlPlane: 'use', ...s },
  lock: { staleAfterMinutes: 30, store, ...(store === 's3' ? { s3: lockS3 } : {}) },
});

describe('data-plane wiring: the adapters the config asks for', () => {
  it('records mode and the Route 53 lock: no switch, no S3 lock, the DNS client all the same', async () => {
    const p = await wireDataPlane(factory, settings({}));
    expect(p.trafficSwitch).toBeUndefined();
    expect(p.lock).toBeUndefined();
    expect(p.authoritativeDns).toBeInstanceOf(AuthoritativeDns);
  });

  it('arc with the S3 lock', async () => {
    const arc = {
      endpoints: [{ region: 'us-west-2', url: 'http://127.0.0.1:9100/v1' }],
      controls: {
        'us-east-1': 'arn:aws:route53-recovery-control::123456789012:controlpanel/p/routingcontrol/a',
      },
    };
    const p = await wireDataPlane(factory, settings({ mode: 'arc', controlPlane: 'avoid', arc }, 's3'));
    expect(p.trafficSwitch).toBeInstanceOf(ArcRoutingControls);
    expect(p.trafficSwitch?.kind).toBe('arc');
    expect(p.lock).toBeInstanceOf(S3Lock);
  });

  it('s3-object', async () => {
    const s3Object = {
      bucket: 'acme-dr-switch',
      region: 'us-west-2',
      keys: { 'us-east-1': 'switch/us-east-1' },
    };
    const p = await wireDataPlane(
      factory,
      settings({ mode: 's3-object', controlPlane: 'avoid', s3Object }, 's3'),
    );
    expect(p.trafficSwitch).toBeInstanceOf(S3ObjectSwitch);
    expect(p.trafficSwitch?.kind).toBe('s3-object');
  });

  it('a mode without its section fails plainly (the config rules normally refuse it first)', async () => {
    await expect(wireDataPlane(factory, settings({ mode: 'arc' }))).rejects.toThrow(
      'switch.arc is missing, and arc needs it',
    );
  });
});
