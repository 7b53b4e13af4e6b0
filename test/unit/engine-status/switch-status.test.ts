/**
 * `drctl status` in a switch mode: the serving region comes from the data plane (the
 * controls and the authoritative answer, matched to a region's ALB by its addresses),
 * and with controlPlane avoid no Route 53 control-plane call is made.
 */
import { describe, expect, it } from 'vitest';
import { renderStatus } from '../../../src/cli/commands/status.js';
import { buildStatus } from '../../../src/engine/status-report.js';
import { FakeClock } from '../../fakes/clock.js';
import { FakeElb } from '../../fakes/elb.js';
import { FakeResolver } from '../../fakes/resolver.js';
import { controlPlaneTripwire, FakeAuthoritativeDns, FakeSwitch } from '../../fakes/switch.js';
import { NEW_ALB, NEW_ALB_LB, OLD_ALB } from '../../fakes/world.js';
import { captureIo } from '../../helpers/capture-io.js';

function world() {
  const clock = new FakeClock();
  const cp: string[] = [];
  const resolver = new FakeResolver();
  const sw = new FakeSwitch('arc', { 'us-west-2': 'On', 'us-east-1': 'Off' }, clock);
  const auth = new FakeAuthoritativeDns(
    sw,
    'us-west-2',
    { 'us-west-2': OLD_ALB, 'us-east-1': NEW_ALB },
    resolver,
    clock,
  );
  const lbs = new FakeElb()
    .add(NEW_ALB_LB, ['active'])
    .add({ ...NEW_ALB_LB, arn: 'arn:old', name: 'old-alb', region: 'us-west-2', dnsName: OLD_ALB }, [
      'active',
    ]);
  const stacks = { listByApp: async () => [] } as never;
  const input = {
    app: 'shop',
    hostedZone: 'example.com',
    recordName: 'www.example.com',
    recordType: 'A',
    regions: ['us-west-2', 'us-east-1'],
    switch: {
      kind: 'arc' as const,
      controlPlane: 'avoid' as const,
      regions: ['us-west-2', 'us-east-1'],
      recordName: 'www.example.com',
      recordType: 'A' as const,
      zoneName: 'example.com',
    },
  };
  const ports = {
    dns: controlPlaneTripwire(cp),
    loadBalancers: lbs,
    stacks,
    dataPlane: { switch: sw, authDns: auth, resolver },
  };
  return { cp, sw, auth, clock, input, ports };
}

describe('status in a switch mode', () => {
  it('reports the serving region from the controls and the authoritative answer, without the control plane', async () => {
    const w = world();
    const r = await buildStatus(w.input, w.ports);
    expect(w.cp).toEqual([]);
    expect(r.servingRegions).toEqual(['us-west-2']);
    expect(r.dataPlane).toMatchObject({ controlsServe: 'us-west-2', answerServes: 'us-west-2' });
    w.sw.states = { 'us-west-2': 'Off', 'us-east-1': 'On' };
    w.sw.changedAt = w.clock.now();
    const after = await buildStatus(w.input, w.ports);
    expect(after.servingRegions).toEqual(['us-east-1']);
    const io = captureIo();
    renderStatus(after, io.io);
    expect(io.stdout).toContain('Serving region: us-east-1 (from the data plane)');
    expect(io.stdout).toContain('ARC routing controls: us-west-2 Off, us-east-1 On');
  });

  it('says when DNS has not caught up with the controls yet', async () => {
    const w = world();
    w.auth.stuck = true;
    w.sw.states = { 'us-west-2': 'Off', 'us-east-1': 'On' };
    const r = await buildStatus(w.input, w.ports);
    // DNS decides where users go: the answer wins over the controls.
    expect(r.servingRegions).toEqual(['us-west-2']);
    const io = captureIo();
    renderStatus(r, io.io);
    expect(io.stdout).toMatch(/controls send traffic to us-east-1 but DNS still answers us-west-2/);
  });

  it('a switch that cannot be read is reported, and status still answers', async () => {
    const w = world();
    w.sw.failReads = true;
    const r = await buildStatus(w.input, w.ports);
    expect(r.dataPlane?.controlsError).toMatch(/ServiceUnavailable/);
    expect(r.servingRegions).toEqual(['us-west-2']);
  });
});
