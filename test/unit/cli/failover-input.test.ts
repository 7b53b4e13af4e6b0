import { describe, expect, it } from 'vitest';
import { assembleFailoverInput } from '../../../src/cli/failover-input.js';
import { parseConfig } from '../../../src/config/load.js';
import { configWith } from '../config/fixtures.js';

const base = {
  configDir: process.cwd(),
  env: 'prod',
  targetRegion: 'us-east-1',
  runId: 'run-1',
  hostedZoneId: 'Z1',
  runtime: { CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' },
  operator: { holder: 'op@host', host: 'host' },
  flags: { yes: true },
};

describe('assembleFailoverInput', () => {
  it('turns the blueprint into waves, static parameters and parameters fed from earlier stacks', () => {
    const config = parseConfig(
      configWith(() => {}),
      process.cwd(),
    );
    const input = assembleFailoverInput({ ...base, config });
    expect(input.waves.map((w) => w.map((s) => s.name))).toEqual([
      ['shop-prod-network', 'shop-prod-security'],
      ['shop-prod-data', 'shop-prod-edge', 'shop-prod-media'],
      ['shop-prod-compute'],
    ]);
    const edge = input.waves[1]!.find((s) => s.name === 'shop-prod-edge')!;
    expect(edge.parameters.CertificateArn).toBe(base.runtime.CertificateArn);
    expect(edge.parametersFrom?.VpcId).toEqual({ fromStack: 'shop-prod-network', output: 'VpcId' });
    expect(edge.tags).toMatchObject({ 'drctl:app': 'shop', 'drctl:env': 'prod' });
    const compute = input.waves[2]![0]!;
    expect(compute.parameters.ContainerImage).toBe('123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:1.0.0');
    expect(input.alb).toMatchObject({ stack: 'shop-prod-edge', arnOutput: 'LoadBalancerArn' });
    expect(input.verification).toMatchObject({
      hostname: 'www.example.com',
      intervalMs: 1000,
      windowMs: 60_000,
    });
    expect(input.data).toBeUndefined();
  });

  it('maps the data settings, an environment replacing the top level, with the flags', () => {
    const config = parseConfig(
      configWith((c) => {
        const x = c as Record<string, unknown>;
        x.data = {
          strategy: 'snapshot',
          maxRpoMinutes: 60,
          snapshot: { sourceClusterId: 'shop-db', kmsKeyIds: { 'us-east-1': 'alias/k' } },
        };
        x.environments = { prod: {}, test: { data: { strategy: 'none' } } };
      }),
      process.cwd(),
    );
    const prod = assembleFailoverInput({ ...base, config, dataFlags: { acceptRpo: true } });
    expect(prod.data).toEqual({
      stack: 'shop-prod-data',
      recover: expect.objectContaining({
        strategy: 'snapshot',
        sourceClusterId: 'shop-db',
        sourceRegion: 'ap-southeast-1',
        targetRegion: 'us-east-1',
        kmsKeyId: 'alias/k',
        maxRpoMinutes: 60,
        acceptRpo: true,
        copyIfMissing: true,
      }),
    });
    expect(assembleFailoverInput({ ...base, config, env: 'test' }).data).toBeUndefined();
  });

  it('rejects an unknown template parameter override with one sentence before anything runs', () => {
    const config = parseConfig(
      configWith((c) => {
        (c as Record<string, unknown>).environments = { prod: { overrides: { InstanceTpye: 'm6i.large' } } };
      }),
      process.cwd(),
    );
    expect(() => assembleFailoverInput({ ...base, config })).toThrow(/InstanceTpye/);
  });

  it('refuses an AAAA (or A+AAAA) record when the blueprint load balancer is not dualstack, exit 2, before anything runs', () => {
    for (const type of ['AAAA', 'A+AAAA']) {
      const config = parseConfig(
        configWith((c) => {
          (c.dns as { record: Record<string, unknown> }).record.type = type;
        }),
        process.cwd(),
      );
      let e: { exitCode?: number; message?: string } = {};
      try {
        assembleFailoverInput({ ...base, config });
      } catch (x) {
        e = x as typeof e;
      }
      expect(e.exitCode).toBe(2);
      expect(e.message).toBe(
        `dns.record.type is ${type} but the load balancer of stack shop-prod-edge is not dualstack (IpAddressType ipv4), so an AAAA alias to it would answer no address; use type A, or make the load balancer dualstack.`,
      );
    }
  });
});
