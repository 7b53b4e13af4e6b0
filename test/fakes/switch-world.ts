/**
 * The fake world in a switch mode: us-west-2 (primary) On and serving, us-east-1 Off; the
 * failover records and health checks exist (FakeAuthoritativeDns answers from the
 * controls); the source region's edge stack names the old ALB; and Route 53's control
 * plane is a tripwire that fails and records any call (`controlPlaneCalls` must stay empty).
 */
import type { EnginePorts, FailoverInput } from '../../src/engine/input.js';
import { recordCalls } from './recorder.js';
import { controlPlaneTripwire, FakeAuthoritativeDns, FakeSwitch } from './switch.js';
import { createWorld, inputFor, NEW_ALB, OLD_ALB } from './world.js';

const REGIONS = ['us-west-2', 'us-east-1'];

export function createSwitchWorld(kind: 'arc' | 's3-object' = 'arc') {
  const w = createWorld('failover');
  const controlPlaneCalls: string[] = [];
  const sw = new FakeSwitch(kind, { 'us-west-2': 'On', 'us-east-1': 'Off' }, w.clock, w.timeline);
  const auth = new FakeAuthoritativeDns(
    sw,
    'us-west-2',
    { 'us-west-2': OLD_ALB, 'us-east-1': NEW_ALB },
    w.dns.resolver,
    w.clock,
  );
  w.stacks.seed(
    'us-west-2',
    { name: 'shop-alb', templateBody: '{}', parameters: {}, tags: {} },
    'CREATE_COMPLETE',
    { LoadBalancerDnsName: OLD_ALB },
  );
  const ports: EnginePorts = {
    ...w.ports,
    dns: controlPlaneTripwire(controlPlaneCalls),
    switch: recordCalls(sw, 'switch', w.calls, w.timeline),
    authDns: recordCalls(auth, 'authDns', w.calls, w.timeline),
  };
  return { ...w, sw, auth, controlPlaneCalls, ports };
}

export function switchInput(
  kind: 'arc' | 's3-object' = 'arc',
  over: Partial<FailoverInput> = {},
): FailoverInput {
  return inputFor('failover', {
    switch: { kind, regions: REGIONS, zoneName: 'example.com' },
    ...over,
  });
}

export type SwitchWorld = ReturnType<typeof createSwitchWorld>;
