/**
 * The ARC switch against a scripted five-endpoint cluster (aws-sdk-client-mock): which
 * endpoint each call reached, which failed how, and what the caller is told.
 */
import {
  GetRoutingControlStateCommand,
  Route53RecoveryClusterClient,
  UpdateRoutingControlStatesCommand,
} from '@aws-sdk/client-route53-recovery-cluster';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ArcRoutingControls } from '../../../src/aws/arc-routing-controls.js';
import { ClientFactory } from '../../../src/aws/clients.js';
import { DrctlError } from '../../../src/errors.js';
import { FakeClock } from '../../fakes/clock.js';

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2', 'ap-northeast-1'];
const endpoints = REGIONS.map((region) => ({
  region,
  url: `http://127.0.0.1:${9100 + REGIONS.indexOf(region)}/v1`,
}));
const controls = {
  'us-east-1': 'arn:aws:route53-recovery-control::123456789012:controlpanel/p/routingcontrol/use1',
  'ap-southeast-1': 'arn:aws:route53-recovery-control::123456789012:controlpanel/p/routingcontrol/apse1',
};
const regionOfArn = Object.fromEntries(Object.entries(controls).map(([r, a]) => [a, r]));

const err = (name: string, message: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(message), { name, $metadata: {}, ...extra });
const FAULTS = {
  timeout: () => err('TimeoutError', 'Connection timed out after 5000 ms'),
  unavailable: () => err('EndpointTemporarilyUnavailableException', 'The cluster endpoint is not available'),
  server: () => err('InternalServerException', 'Internal error', { $metadata: { httpStatusCode: 500 } }),
  refused: () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9100'), { code: 'ECONNREFUSED' }),
  throttled: () => err('ThrottlingException', 'Rate exceeded', { $metadata: { httpStatusCode: 429 } }),
};

/** The cluster: shared states, the ATLEAST 1 safety rule, and per-endpoint faults. */
const world = {
  states: new Map<string, 'On' | 'Off'>(),
  faults: new Map<string, () => Error>(),
  /** Faults that last only for the next `n` calls to that endpoint. */
  transient: new Map<string, number>(),
  log: [] as string[],
};
const mock = mockClient(Route53RecoveryClusterClient);
let clock: FakeClock;
let factory: ClientFactory;
let regionOfClient: Map<unknown, string>;

function endpointCall(getClient: () => unknown, what: string): void {
  const region = regionOfClient.get(getClient())!;
  world.log.push(`${region} ${what}`);
  const fault = world.faults.get(region);
  const left = world.transient.get(region);
  if (fault && (left === undefined || left > 0)) {
    if (left !== undefined) world.transient.set(region, left - 1);
    throw fault();
  }
}

function arc(): ArcRoutingControls {
  const sw = new ArcRoutingControls(factory, { endpoints, controls }, { random: () => 0 });
  regionOfClient = new Map(endpoints.map((e) => [factory.arcCluster(e, 5_000), e.region]));
  return sw;
}

beforeEach(() => {
  mock.reset();
  clock = new FakeClock();
  factory = new ClientFactory({
    retry: { throttledAttempts: 3, attempts: 3, baseDelayMs: 100, maxDelayMs: 100, clock, random: () => 1 },
  });
  world.states = new Map([
    ['us-east-1', 'On'],
    ['ap-southeast-1', 'Off'],
  ]);
  world.faults.clear();
  world.transient.clear();
  world.log = [];
  mock.on(GetRoutingControlStateCommand).callsFake((input, getClient) => {
    endpointCall(getClient, 'get');
    const arn = input.RoutingControlArn as string;
    return { RoutingControlArn: arn, RoutingControlState: world.states.get(regionOfArn[arn]!) };
  });
  mock.on(UpdateRoutingControlStatesCommand).callsFake((input, getClient) => {
    endpointCall(getClient, 'update');
    const next = new Map(world.states);
    for (const e of input.UpdateRoutingControlStateEntries)
      next.set(regionOfArn[e.RoutingControlArn]!, e.RoutingControlState);
    if (![...next.values()].includes('On')) {
      throw err(
        'ConflictException',
        'Cannot update routing control state: safety rule at-least-one-on would be violated',
      );
    }
    world.states = next;
    return {};
  });
});

describe('ARC switch: reading and setting through the cluster endpoints', () => {
  it('reads every control from one endpoint', async () => {
    expect(await arc().read(['us-east-1', 'ap-southeast-1'])).toEqual({
      'us-east-1': 'On',
      'ap-southeast-1': 'Off',
    });
    expect(world.log).toEqual(['us-east-1 get', 'us-east-1 get']);
  });

  it('sets target On and old Off in one UpdateRoutingControlStates call', async () => {
    await arc().set({ 'ap-southeast-1': 'On', 'us-east-1': 'Off' });
    expect(world.log).toEqual(['us-east-1 update']);
    const sent = mock.commandCalls(UpdateRoutingControlStatesCommand)[0]!.args[0].input;
    expect(sent.UpdateRoutingControlStateEntries).toEqual([
      { RoutingControlArn: controls['ap-southeast-1'], RoutingControlState: 'On' },
      { RoutingControlArn: controls['us-east-1'], RoutingControlState: 'Off' },
    ]);
    expect(Object.fromEntries(world.states)).toEqual({ 'us-east-1': 'Off', 'ap-southeast-1': 'On' });
  });

  it('one endpoint down: moves on to the next at once, no sleep, and starts there next time', async () => {
    world.faults.set('us-east-1', FAULTS.timeout);
    const sw = arc();
    await sw.set({ 'ap-southeast-1': 'On', 'us-east-1': 'Off' });
    expect(world.log).toEqual(['us-east-1 update', 'us-west-2 update']);
    expect(clock.sleeps).toEqual([]);
    world.log = [];
    await sw.read(['us-east-1']);
    expect(world.log).toEqual(['us-west-2 get']);
  });

  it('four of five down (timeout, unavailable, 5xx, refused): the fifth answers', async () => {
    world.faults.set('us-east-1', FAULTS.timeout);
    world.faults.set('us-west-2', FAULTS.unavailable);
    world.faults.set('eu-west-1', FAULTS.server);
    world.faults.set('ap-southeast-2', FAULTS.refused);
    await arc().set({ 'ap-southeast-1': 'On', 'us-east-1': 'Off' });
    expect(world.log.map((l) => l.split(' ')[0])).toEqual(REGIONS);
    expect(world.states.get('ap-southeast-1')).toBe('On');
    expect(clock.sleeps).toEqual([]);
  });

  it('all five down: fails after every round, one sentence naming each endpoint and its error', async () => {
    world.faults.set('us-east-1', FAULTS.timeout);
    world.faults.set('us-west-2', FAULTS.unavailable);
    world.faults.set('eu-west-1', FAULTS.server);
    world.faults.set('ap-southeast-2', FAULTS.refused);
    world.faults.set('ap-northeast-1', FAULTS.timeout);
    const e = await arc()
      .set({ 'ap-southeast-1': 'On', 'us-east-1': 'Off' })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DrctlError);
    const message = (e as DrctlError).message;
    expect((e as DrctlError).code).toBe('AWS_CALL_FAILED');
    expect(message).toMatch(
      /^ARC UpdateRoutingControlStates failed on every cluster endpoint \(5, 3 round\(s\)\)/,
    );
    for (const [region, name] of [
      ['us-east-1', 'TimeoutError'],
      ['us-west-2', 'EndpointTemporarilyUnavailableException'],
      ['eu-west-1', 'InternalServerException'],
      ['ap-southeast-2', 'Error: connect ECONNREFUSED'],
      ['ap-northeast-1', 'TimeoutError'],
    ]) {
      expect(message).toContain(`${region} (http://127.0.0.1:`);
      expect(message).toContain(name);
    }
    expect(message.split('\n')).toHaveLength(1);
    expect(world.log).toHaveLength(15);
    expect(clock.sleeps).toEqual([100, 100]);
    expect(world.states.get('us-east-1')).toBe('On');
  });

  it('throttled: moves on to another endpoint; throttled everywhere: sleeps on the clock, then succeeds', async () => {
    world.faults.set('us-east-1', FAULTS.throttled);
    await arc().read(['us-east-1']);
    expect(world.log).toEqual(['us-east-1 get', 'us-west-2 get']);

    world.log = [];
    for (const r of REGIONS) {
      world.faults.set(r, FAULTS.throttled);
      world.transient.set(r, 1);
    }
    const sw = arc();
    expect(await sw.read(['us-east-1'])).toEqual({ 'us-east-1': 'On' });
    expect(world.log).toHaveLength(6);
    expect(clock.sleeps).toEqual([100]);
  });

  it('a safety-rule violation (ConflictException) is refused at once, on no other endpoint', async () => {
    const e = await arc()
      .set({ 'us-east-1': 'Off' })
      .catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'REFUSED' });
    expect((e as Error).message).toMatch(
      /^ARC refused the routing control change \(ConflictException\): Cannot update/,
    );
    expect(world.log).toEqual(['us-east-1 update']);
    expect(clock.sleeps).toEqual([]);
  });

  it('a ValidationException is not retried on another endpoint', async () => {
    mock
      .on(UpdateRoutingControlStatesCommand)
      .rejects(err('ValidationException', 'Invalid routing control ARN'));
    const e = await arc()
      .set({ 'us-east-1': 'On' })
      .catch((x: unknown) => x);
    expect((e as Error).message).toBe(
      'ARC UpdateRoutingControlStates failed: ValidationException: Invalid routing control ARN',
    );
    expect(mock.commandCalls(UpdateRoutingControlStatesCommand)).toHaveLength(1);
  });

  it('a region without a control is bad config, refused before any call', async () => {
    await expect(arc().set({ 'eu-central-1': 'On' })).rejects.toThrow(
      'switch.arc.controls names no routing control for eu-central-1',
    );
    await expect(arc().read(['eu-central-1'])).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    expect(mock.calls()).toHaveLength(0);
  });

  it('each endpoint gets its own client: its URL, its region, a short timeout', async () => {
    const c = factory.arcCluster(endpoints[2]!, 5_000);
    expect(await c.config.region()).toBe('eu-west-1');
    expect(c).not.toBe(factory.arcCluster(endpoints[3]!, 5_000));
    const ep = await c.config.endpoint!();
    expect(`${ep.protocol}//${ep.hostname}:${ep.port}${ep.path}`).toBe('http://127.0.0.1:9102/v1');
    // --endpoint-url (the emulator's moto) does not override a cluster endpoint's own URL.
    const emulated = new ClientFactory({ endpointUrl: 'http://127.0.0.1:5000' }).arcCluster(
      endpoints[0]!,
      5_000,
    );
    expect((await emulated.config.endpoint!()).port).toBe(9100);
  });
});
