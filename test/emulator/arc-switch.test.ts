/**
 * drctl's data-plane adapters against the emulator's ARC world: the ARC switch through the
 * five cluster endpoints (one down, four of five down, all five down, a safety-rule
 * refusal), and the authoritative DNS client reading the answer the switch moved, asked
 * directly of the zone's name server with Route 53's control plane down.
 */
import { Resolver } from 'node:dns/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ClientFactory } from '../../src/aws/clients.js';
import { type DataPlanePorts, wireDataPlane } from '../../src/cli/data-plane-ports.js';
import { parseConfig } from '../../src/config/load.js';
import type { TrafficSwitchPort } from '../../src/ports/traffic-switch.js';
import { FakeClock } from '../fakes/clock.js';
import { type SwitchWorld, startSwitchWorld } from '../harness/switch-world.js';

const PRIMARY = 'ap-southeast-1';
const TARGET = 'us-east-1';
const RECORD = 'www.example.com';

describe('ARC switch and authoritative DNS client on the emulator', () => {
  let w: SwitchWorld;
  let factory: ClientFactory;
  let ports: DataPlanePorts;
  let sw: TrafficSwitchPort;
  let primaryIps: string[];
  let targetIps: string[];
  const calls = async () => (await w.emulator.arc()).endpoints.map((e) => e.calls);
  const down = async (indexes: number[], mode: 'reset' | 'unavailable' = 'reset') => {
    for (let index = 0; index < 5; index++) {
      await w.emulator.setArcEndpoint({ index, down: indexes.includes(index), mode });
    }
  };
  const answers = async () =>
    ports.authoritativeDns
      .query(RECORD, 'A', [w.emulator.dnsServer], 3)
      .then((a) => a.map((x) => ({ ...x, addresses: [...x.addresses].sort() })));
  const albIps = async (name: string) => {
    const r = new Resolver({ timeout: 2_000, tries: 2 });
    r.setServers([w.emulator.dnsServer]);
    return (await r.resolve4(name)).sort();
  };

  beforeAll(async () => {
    process.env.AWS_ACCESS_KEY_ID = 'testing';
    process.env.AWS_SECRET_ACCESS_KEY = 'testing';
    w = await startSwitchWorld({ switch: 'arc' });
    const config = parseConfig(stringify(w.config), process.cwd());
    factory = new ClientFactory({
      endpointUrl: w.emulator.endpoint,
      retry: { attempts: 2, throttledAttempts: 2, baseDelayMs: 1, maxDelayMs: 1, clock: new FakeClock() },
    });
    ports = await wireDataPlane(factory, config);
    sw = ports.trafficSwitch!;
    primaryIps = await albIps(w.world.primaryAlb.dnsName);
    targetIps = await albIps(w.targetAlb.dnsName);
  }, 240_000);
  afterAll(async () => {
    factory?.destroy();
    await w?.stop();
  });

  it('reads the controls as ARC has them', async () => {
    expect(sw.kind).toBe('arc');
    expect(await sw.read([PRIMARY, TARGET])).toEqual({ [PRIMARY]: 'On', [TARGET]: 'Off' });
  });

  it('one endpoint down: the flip goes through another, and the name server answers the target', async () => {
    await w.emulator.configure({ route53ControlPlane: 'down' });
    try {
      // Whichever endpoint the switch tries first, one of the five is down; it still flips.
      await down([0]);
      await sw.set({ [TARGET]: 'On', [PRIMARY]: 'Off' });
      expect(await sw.read([PRIMARY, TARGET])).toEqual({ [PRIMARY]: 'Off', [TARGET]: 'On' });
      expect(await answers()).toEqual(
        Array(3).fill({ server: w.emulator.dnsServer, rcode: 'NOERROR', addresses: targetIps }),
      );
    } finally {
      await w.emulator.configure({ route53ControlPlane: 'up' });
    }
  });

  it('four of five down (dropped connections and EndpointTemporarilyUnavailable): the fifth answers', async () => {
    await down([0, 1], 'reset');
    for (const index of [2, 3]) await w.emulator.setArcEndpoint({ index, down: true, mode: 'unavailable' });
    const before = await calls();
    await sw.set({ [PRIMARY]: 'On', [TARGET]: 'Off' });
    const after = await calls();
    expect(after[4]! - before[4]!).toBeGreaterThanOrEqual(1);
    expect(await sw.read([PRIMARY, TARGET])).toEqual({ [PRIMARY]: 'On', [TARGET]: 'Off' });
    expect((await answers())[0]!.addresses).toEqual(primaryIps);
  });

  it('all five down: one sentence naming every endpoint, and nothing changed', async () => {
    await down([0, 1, 2, 3, 4], 'unavailable');
    const e = await sw.set({ [TARGET]: 'On', [PRIMARY]: 'Off' }).catch((x: unknown) => x as Error);
    expect(e).toBeInstanceOf(Error);
    expect(e!.message).toMatch(
      /^ARC UpdateRoutingControlStates failed on every cluster endpoint \(5, 2 round\(s\)\)/,
    );
    for (const endpoint of (await w.emulator.arc()).endpoints)
      expect(e!.message).toContain(endpoint.Endpoint);
    await down([]);
    expect(await sw.read([PRIMARY, TARGET])).toEqual({ [PRIMARY]: 'On', [TARGET]: 'Off' });
  });

  it('a change the safety rule forbids fails at once, tried on one endpoint only', async () => {
    const before = await calls();
    await expect(sw.set({ [PRIMARY]: 'Off' })).rejects.toThrow(/safety rule/);
    const after = await calls();
    expect(after.reduce((s, n) => s + n, 0) - before.reduce((s, n) => s + n, 0)).toBe(1);
    expect(await sw.read([PRIMARY, TARGET])).toEqual({ [PRIMARY]: 'On', [TARGET]: 'Off' });
  });
});
