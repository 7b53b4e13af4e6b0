/**
 * `drctl plan` in a switch mode: each step's plane, service and region; the controls read
 * from the data plane (never a record set); and the refusal of any Route 53 control-plane
 * step when the config says `controlPlane: avoid`, which --force does not waive.
 */
import { describe, expect, it } from 'vitest';
import { renderPlanMarkdown } from '../../../src/cli/plan/render-md.js';
import { renderPlanText } from '../../../src/cli/plan/render-text.js';
import { buildPlan, checkPlanCurrent } from '../../../src/engine/plan/index.js';
import { createPlanWorld } from '../../fakes/plan-world.js';
import { controlPlaneTripwire, FakeSwitch } from '../../fakes/switch.js';
import { captureIo } from '../../helpers/capture-io.js';

const ENDPOINTS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-northeast-1', 'ap-southeast-2'];

function switchPlanWorld(kind: 'arc' | 's3-object' = 'arc') {
  const w = createPlanWorld('failover');
  const cp: string[] = [];
  const sw = new FakeSwitch(kind, { 'us-west-2': 'On', 'us-east-1': 'Off' }, w.clock);
  w.planPorts.dns = controlPlaneTripwire(cp);
  w.planPorts.switch = sw;
  w.request.input = {
    ...w.request.input,
    switch: {
      kind,
      regions: ['us-west-2', 'us-east-1'],
      zoneName: 'example.com',
      ...(kind === 'arc' ? { endpointRegions: ENDPOINTS } : { bucketRegion: 'eu-west-1' }),
    },
    controlPlane: 'avoid',
    lockStore: { store: 's3', bucket: 'acme-dr-locks', region: 'eu-west-1' },
  };
  return { ...w, cp, sw };
}

describe('plan in a switch mode', () => {
  it('names the plane and region of every step, and reads only the data plane', async () => {
    const w = switchPlanWorld('arc');
    const doc = await buildPlan(w.request, w.planPorts);
    expect(w.cp).toEqual([]);
    expect(doc.verdict).not.toBe('refused');
    const by = Object.fromEntries(doc.steps.map((s) => [s.step, s]));
    expect(by['set-controls']).toMatchObject({
      plane: 'data',
      service: `ARC cluster data plane, endpoints in 5 regions (${ENDPOINTS.join(', ')})`,
      route53ControlPlane: false,
    });
    expect(by.lock).toMatchObject({
      plane: 'data',
      service: 'S3 conditional write, bucket acme-dr-locks in eu-west-1',
    });
    expect(doc.steps.some((s) => s.route53ControlPlane)).toBe(false);
    expect(doc.controls).toEqual({
      kind: 'arc',
      before: { 'us-west-2': 'On', 'us-east-1': 'Off' },
      after: { 'us-west-2': 'Off', 'us-east-1': 'On' },
    });
    expect(doc.dns.batches).toEqual([]);
    // The text and markdown show the same rows as the JSON.
    const io = captureIo();
    renderPlanText(doc, io.io);
    for (const s of doc.steps) expect(io.stdout).toContain(s.service);
    const md = renderPlanMarkdown(doc);
    for (const s of doc.steps) expect(md).toContain(`| ${s.step} | ${s.plane} | ${s.service} |`);
  });

  it('s3-object: the flip depends on S3 in the bucket region', async () => {
    const w = switchPlanWorld('s3-object');
    const doc = await buildPlan(w.request, w.planPorts);
    expect(doc.steps.find((s) => s.step === 'set-controls')?.service).toBe(
      'S3 PutObject, switch bucket in eu-west-1',
    );
  });

  it('refuses when the target is already the only control On', async () => {
    const w = switchPlanWorld();
    w.sw.states = { 'us-west-2': 'Off', 'us-east-1': 'On' };
    const doc = await buildPlan(w.request, w.planPorts);
    expect(doc.refusals.map((r) => r.id)).toEqual(['already-target']);
  });

  it('with controlPlane avoid, refuses a Route 53 control-plane step in one sentence, even with --force', async () => {
    const w = switchPlanWorld();
    w.request.input = { ...w.request.input, lockStore: { store: 'route53' }, flags: { force: true } };
    const doc = await buildPlan(w.request, w.planPorts);
    expect(doc.verdict).toBe('refused');
    const r = doc.refusals.find((x) => x.id === 'control-plane');
    expect(r?.reason).toBe(
      'the config says switch.controlPlane: avoid, but the lock step(s) would call the Route 53 control plane',
    );
  });

  it('records mode lists the Route 53 control-plane steps, which pass when the control plane is used', async () => {
    const w = createPlanWorld('failover');
    const doc = await buildPlan(w.request, w.planPorts);
    expect(doc.steps.filter((s) => s.route53ControlPlane).map((s) => s.step)).toEqual([
      'lock',
      'snapshot',
      'flip',
      'await-insync',
      'verify',
      'rollback',
    ]);
    expect(doc.refusals.find((r) => r.id === 'control-plane')).toBeUndefined();
  });
});

describe('failover --plan in a switch mode', () => {
  it('re-checks the controls, never the record sets, and refuses when they changed', async () => {
    const w = switchPlanWorld();
    const doc = await buildPlan(w.request, w.planPorts);
    const ports = { dns: w.planPorts.dns, stacks: w.planPorts.stacks, switch: w.sw };
    await expect(checkPlanCurrent(doc, w.request.input, ports)).resolves.toBeUndefined();
    expect(w.cp).toEqual([]);
    w.sw.states = { 'us-west-2': 'On', 'us-east-1': 'On' };
    await expect(checkPlanCurrent(doc, w.request.input, ports)).rejects.toThrow(
      /the controls are us-west-2 On, us-east-1 On, not us-west-2 On, us-east-1 Off/,
    );
  });
});
