/**
 * The emulator's data-plane switch (issue 15), without drctl: the switch templates deploy,
 * ARC's five cluster endpoints speak the route53-recovery-cluster protocol and enforce the
 * "at least one On" rule, health checks follow their routing control or S3 object, and the
 * failover answer follows health both in TestDNSAnswer and from the emulated zone's
 * authoritative name server, which keeps answering while Route 53's control plane is down.
 */
import { Resolver } from 'node:dns/promises';
import {
  GetHealthCheckStatusCommand,
  ListHealthChecksCommand,
  ListHostedZonesCommand,
  Route53Client,
  TestDNSAnswerCommand,
} from '@aws-sdk/client-route-53';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseConfig } from '../../src/config/load.js';
import { clientConfig } from '../harness/aws-clients.js';
import {
  arcCall,
  authoritativeA,
  type SwitchWorld,
  startSwitchWorld,
  THIRD_REGION,
} from '../harness/switch-world.js';

const PRIMARY = 'ap-southeast-1';
const TARGET = 'us-east-1';

const authoritative = (w: SwitchWorld) => authoritativeA(w);
const albAddresses = (w: SwitchWorld, dnsName: string) => authoritativeA(w, dnsName);

async function testDnsAnswer(w: SwitchWorld): Promise<string[]> {
  const r53 = new Route53Client(clientConfig(w.emulator.endpoint, 'us-east-1'));
  const out = await r53.send(
    new TestDNSAnswerCommand({
      HostedZoneId: w.world.hostedZoneId,
      RecordName: 'www.example.com',
      RecordType: 'A',
    }),
  );
  r53.destroy();
  return [...(out.RecordData ?? [])].sort();
}

describe('the ARC switch world', () => {
  let w: SwitchWorld;
  let primaryIps: string[];
  let targetIps: string[];
  const url = (i: number): string =>
    (w.config.switch as { arc: { endpoints: { url: string }[] } }).arc.endpoints[i]!.url;
  const states = async () =>
    Object.fromEntries((await w.emulator.arc()).routingControls.map((c) => [c.Name, c.State]));
  const flip = (i: number, entries: [string, 'On' | 'Off'][]) =>
    arcCall(url(i), 'UpdateRoutingControlStates', {
      UpdateRoutingControlStateEntries: entries.map(([region, state]) => ({
        RoutingControlArn: w.controls[region],
        RoutingControlState: state,
      })),
    });

  beforeAll(async () => {
    w = await startSwitchWorld({ switch: 'arc' });
    primaryIps = await albAddresses(w, w.world.primaryAlb.dnsName);
    targetIps = await albAddresses(w, w.targetAlb.dnsName);
  }, 240_000);
  afterAll(async () => {
    await w?.stop();
  });

  it('writes a config with the switch, the S3 lock and the authoritative name server', () => {
    const sw = w.config.switch as {
      mode: string;
      controlPlane: string;
      arc: { endpoints: unknown[]; controls: object };
    };
    expect(sw.mode).toBe('arc');
    expect(sw.controlPlane).toBe('avoid');
    expect(sw.arc.endpoints).toHaveLength(5);
    expect(Object.keys(sw.arc.controls).sort()).toEqual([PRIMARY, TARGET]);
    expect(w.config.lock).toEqual({
      store: 's3',
      s3: { bucket: 'shop-drctl-locks', region: THIRD_REGION, prefix: 'drctl/locks/' },
    });
    expect((w.config.verification as { nameServers: string[] }).nameServers).toEqual([w.emulator.dnsServer]);
    // drctl's own schema and cross-field rules accept it.
    expect(parseConfig(stringify(w.config), process.cwd()).switch.mode).toBe('arc');
  });

  it('starts with the primary On, the DR region Off, and the primary answered', async () => {
    expect(await states()).toEqual({ [PRIMARY]: 'On', [TARGET]: 'Off' });
    expect(primaryIps).not.toEqual(targetIps);
    expect(await authoritative(w)).toEqual(primaryIps);
    expect(await testDnsAnswer(w)).toEqual(primaryIps);
  });

  it('answers GetRoutingControlState and ListRoutingControls on every endpoint', async () => {
    for (let i = 0; i < 5; i++) {
      const got = (await arcCall(url(i), 'GetRoutingControlState', {
        RoutingControlArn: w.controls[PRIMARY],
      })) as {
        RoutingControlState: string;
      };
      expect(got.RoutingControlState).toBe('On');
    }
    const listed = (await arcCall(url(2), 'ListRoutingControls', {})) as { RoutingControls: unknown[] };
    expect(listed.RoutingControls).toHaveLength(2);
    await expect(
      arcCall(url(0), 'GetRoutingControlState', { RoutingControlArn: 'arn:nope' }),
    ).rejects.toThrow(/ResourceNotFoundException/);
  });

  it('refuses a batch that would leave no region On (the ATLEAST 1 safety rule), changing nothing', async () => {
    await expect(flip(0, [[PRIMARY, 'Off']])).rejects.toThrow(/ValidationException.*safety rule/);
    expect(await states()).toEqual({ [PRIMARY]: 'On', [TARGET]: 'Off' });
  });

  it('with every routing control Off (the safety rule overridden), Route 53 answers the PRIMARY', async () => {
    const rule = (await w.emulator.arc()).safetyRules[0]!.SafetyRuleArn;
    await arcCall(url(0), 'UpdateRoutingControlStates', {
      UpdateRoutingControlStateEntries: [PRIMARY, TARGET].map((region) => ({
        RoutingControlArn: w.controls[region],
        RoutingControlState: 'Off',
      })),
      SafetyRulesToOverride: [rule],
    });
    try {
      expect(await states()).toEqual({ [PRIMARY]: 'Off', [TARGET]: 'Off' });
      expect(await authoritative(w)).toEqual(primaryIps);
      expect(await testDnsAnswer(w)).toEqual(primaryIps);
    } finally {
      await flip(0, [[PRIMARY, 'On']]);
    }
  });

  it('moves the answer when the controls flip, in TestDNSAnswer and on the authoritative server', async () => {
    await flip(1, [
      [TARGET, 'On'],
      [PRIMARY, 'Off'],
    ]);
    expect(await authoritative(w)).toEqual(targetIps);
    expect(await testDnsAnswer(w)).toEqual(targetIps);
    const r53 = new Route53Client(clientConfig(w.emulator.endpoint, 'us-east-1'));
    const checks = (await r53.send(new ListHealthChecksCommand({}))).HealthChecks ?? [];
    const reports = await Promise.all(
      checks.map(async (c) => {
        const s = await r53.send(new GetHealthCheckStatusCommand({ HealthCheckId: c.Id }));
        return s.HealthCheckObservations?.[0]?.StatusReport?.Status?.split(':')[0];
      }),
    );
    r53.destroy();
    expect(reports.sort()).toEqual(['Failure', 'Success']);
    await flip(1, [
      [PRIMARY, 'On'],
      [TARGET, 'Off'],
    ]);
    expect(await authoritative(w)).toEqual(primaryIps);
  });

  it('takes endpoints down one by one: dropped connections, or EndpointTemporarilyUnavailableException', async () => {
    await w.emulator.setArcEndpoint({ index: 0, down: true });
    await expect(
      arcCall(url(0), 'GetRoutingControlState', { RoutingControlArn: w.controls[PRIMARY] }),
    ).rejects.toThrow();
    await w.emulator.setArcEndpoint({ index: 1, down: true, mode: 'unavailable' });
    await expect(
      arcCall(url(1), 'GetRoutingControlState', { RoutingControlArn: w.controls[PRIMARY] }),
    ).rejects.toThrow(/EndpointTemporarilyUnavailableException/);
    await expect(
      arcCall(url(4), 'GetRoutingControlState', { RoutingControlArn: w.controls[PRIMARY] }),
    ).resolves.toMatchObject({ RoutingControlState: 'On' });
    const arc = await w.emulator.arc();
    expect(arc.endpoints.map((e) => e.down)).toEqual(['reset', 'unavailable', null, null, null]);
    expect(arc.endpoints[0]!.calls).toBeGreaterThan(0);
    await w.emulator.setArcEndpoint({ index: 0, down: false });
    await w.emulator.setArcEndpoint({ index: 1, down: false });
  });

  it('with the Route 53 control plane down, every API call fails with ServiceUnavailable and DNS still answers', async () => {
    await w.emulator.configure({ route53ControlPlane: 'down' });
    try {
      const r53 = new Route53Client({ ...clientConfig(w.emulator.endpoint, 'us-east-1'), maxAttempts: 1 });
      const before = await w.emulator.route53Calls();
      await expect(r53.send(new ListHostedZonesCommand({}))).rejects.toMatchObject({
        name: 'ServiceUnavailable',
      });
      r53.destroy();
      expect(await w.emulator.route53Calls()).toBe(before + 1);
      expect(await authoritative(w)).toEqual(primaryIps);
      await flip(3, [
        [TARGET, 'On'],
        [PRIMARY, 'Off'],
      ]);
      expect(await authoritative(w)).toEqual(targetIps);
    } finally {
      await w.emulator.configure({ route53ControlPlane: 'up' });
      await flip(3, [
        [PRIMARY, 'On'],
        [TARGET, 'Off'],
      ]);
    }
  });

  it('answers AAAA as Route 53 would for A-only failover records to IPv4 load balancers: NOERROR, no address', async () => {
    const resolver = new Resolver({ timeout: 5_000, tries: 3 });
    resolver.setServers([w.emulator.dnsServer]);
    await expect(resolver.resolve6('www.example.com')).rejects.toMatchObject({ code: 'ENODATA' });
  });

  it('answers authoritatively: NXDOMAIN for a name the zone lacks', async () => {
    const resolver = new Resolver({ timeout: 5_000, tries: 3 });
    resolver.setServers([w.emulator.dnsServer]);
    await expect(resolver.resolve4('nothing-here.example.com')).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });
});

describe('the s3-object switch world', () => {
  let w: SwitchWorld;
  const put = async (region: string, body: string) => {
    const s3 = new S3Client(clientConfig(w.emulator.endpoint, THIRD_REGION));
    await s3.send(
      new PutObjectCommand({ Bucket: w.s3Object!.bucket, Key: w.s3Object!.keys[region], Body: body }),
    );
    s3.destroy();
  };

  beforeAll(async () => {
    w = await startSwitchWorld({ switch: 's3-object' });
  }, 240_000);
  afterAll(async () => {
    await w?.stop();
  });

  it('answers the region whose object says on, and the primary when the bucket region is unreachable', async () => {
    const primaryIps = await albAddresses(w, w.world.primaryAlb.dnsName);
    const targetIps = await albAddresses(w, w.targetAlb.dnsName);
    expect((w.config.switch as { s3Object: { region: string } }).s3Object.region).toBe(THIRD_REGION);
    expect(parseConfig(stringify(w.config), process.cwd()).switch.mode).toBe('s3-object');
    expect(await authoritative(w)).toEqual(primaryIps);
    await put(TARGET, 'on');
    await put(PRIMARY, 'off');
    expect(await authoritative(w)).toEqual(targetIps);
    expect(await testDnsAnswer(w)).toEqual(targetIps);
    // Every health check failing (the bucket's region down): Route 53 answers the PRIMARY.
    await w.emulator.setS3Reachable({ region: THIRD_REGION, reachable: false });
    expect(await authoritative(w)).toEqual(primaryIps);
    await w.emulator.setS3Reachable({ region: THIRD_REGION, reachable: true });
    expect(await authoritative(w)).toEqual(targetIps);
  });
});
