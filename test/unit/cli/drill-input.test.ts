/** The drill's input from the real blueprint: its own names, tags, AppName, record and data. */
import { describe, expect, it } from 'vitest';
import { toDrillInput } from '../../../src/cli/drill-input.js';
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

function drill(edit: (c: Record<string, unknown>) => void = () => {}) {
  const config = parseConfig(
    configWith((c) => {
      (c as Record<string, unknown>).drill = { record: 'dr-drill.example.com' };
      edit(c as Record<string, unknown>);
    }),
    process.cwd(),
  );
  const fi = assembleFailoverInput({ ...base, config });
  return toDrillInput(fi, { config, drillId: 'k3x9q2', startedAt: '2026-01-01T03:00:00Z', keep: false });
}

describe('toDrillInput', () => {
  it('names, tags and isolates every stack of the drill', () => {
    const d = drill();
    const stacks = d.failover.waves.flat();
    expect(stacks.map((s) => s.name)).toEqual([
      'shop-drill-k3x9q2-network',
      'shop-drill-k3x9q2-security',
      'shop-drill-k3x9q2-data',
      'shop-drill-k3x9q2-edge',
      'shop-drill-k3x9q2-media',
      'shop-drill-k3x9q2-compute',
    ]);
    for (const s of stacks) {
      expect(s.tags).toMatchObject({
        'drctl:app': 'shop',
        'drctl:drill': 'k3x9q2',
        'drctl:drill-started': '2026-01-01T03:00:00Z',
      });
      // Physical names, the KMS alias and the bucket derive from AppName: unique per drill.
      expect(s.parameters.AppName).toBe('shop-dk3x9q2');
      for (const ref of Object.values(s.parametersFrom ?? {}))
        expect(ref.fromStack).toMatch(/^shop-drill-k3x9q2-/);
    }
    expect(d.failover.alb.stack).toBe('shop-drill-k3x9q2-edge');
    expect(d.failover.record).toEqual({ name: 'dr-drill.example.com', type: 'A', routing: 'simple' });
    expect(stacks.find((s) => s.name.endsWith('-data'))!.parameters.DeletionProtection).toBe('false');
    // Secrets are the environment's own: the drill reads them, it does not need copies.
    expect(stacks.find((s) => s.name.endsWith('-compute'))!.parameters.DbPasswordParameterName).toBe(
      '/shop/prod/db-password',
    );
  });

  it('restores a snapshot into the drill stack (snapshot strategy)', () => {
    const d = drill((c) => {
      c.data = { strategy: 'snapshot', snapshot: { sourceClusterId: 'shop-prod-data' } };
    });
    expect(d.failover.data).toMatchObject({
      stack: 'shop-drill-k3x9q2-data',
      recover: { strategy: 'snapshot', tags: { 'drctl:drill': 'k3x9q2' } },
    });
  });

  it('never switches a Global Database over: a snapshot instead, or no data with a note', () => {
    const global = { strategy: 'global', global: { globalClusterId: 'shop-global' } };
    const skipped = drill((c) => {
      c.data = global;
    });
    expect(skipped.failover.data).toBeUndefined();
    expect(skipped.notes?.[0]).toMatch(
      /data recovery skipped: the Global Database strategy would switch production over/,
    );
    const restored = drill((c) => {
      c.data = global;
      c.drill = { record: 'dr-drill.example.com', snapshotSourceClusterId: 'shop-prod-data' };
    });
    expect(restored.failover.data?.recover).toMatchObject({
      strategy: 'snapshot',
      sourceClusterId: 'shop-prod-data',
    });
  });
});

describe('toDrillInput in a switch mode', () => {
  const arc = (c: Record<string, unknown>) => {
    const arn = (r: string) =>
      `arn:aws:route53-recovery-control::123456789012:controlpanel/p/routingcontrol/${r.replace(/-/g, '')}`;
    c.switch = {
      mode: 'arc',
      arc: {
        endpoints: [
          { region: 'eu-west-1', url: 'https://x.route53-recovery-cluster.eu-west-1.amazonaws.com/v1' },
        ],
        controls: Object.fromEntries(['ap-southeast-1', 'us-east-1', 'us-west-2'].map((r) => [r, arn(r)])),
      },
    };
    c.lock = { store: 's3', s3: { bucket: 'acme-dr-locks', region: 'eu-west-1' } };
  };

  it('never carries the switch, and with controlPlane avoid skips the drill record with a note', () => {
    const d = drill(arc);
    expect(d.failover.switch).toBeUndefined();
    expect(d.dns).toBe(false);
    expect(d.productionRecord).toBeUndefined();
    expect((d.notes ?? []).join('\n')).toMatch(/the arc switch is not drilled/);
    expect((d.notes ?? []).join('\n')).toMatch(/controlPlane is avoid, so the drill record was skipped/);
  });

  it('with controlPlane use, drills its own record as in records mode', () => {
    const d = drill((c) => {
      arc(c);
      (c.switch as Record<string, unknown>).controlPlane = 'use';
    });
    expect(d.dns).toBe(true);
    expect(d.productionRecord).toEqual({ name: 'www.example.com', type: 'A' });
    expect(d.failover.switch).toBeUndefined();
  });
});
