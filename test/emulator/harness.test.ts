import { request } from 'node:https';
import { isIP } from 'node:net';
import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStacksCommand,
  ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import {
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeDBClustersCommand, RDSClient } from '@aws-sdk/client-rds';
import {
  type Change,
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  ListHostedZonesCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
  TestDNSAnswerCommand,
} from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DnsResolver } from '../../src/local/dns-resolver.js';
import { startAppServer, TEST_CA_PEM } from '../harness/app-server.js';
import { clientConfig } from '../harness/aws-clients.js';
import { type Emulator, ensureMoto, MOTO_INSTALL_COMMAND, startEmulator } from '../harness/emulator.js';
import { type Routing, seedPrimaryWorld, type World } from '../harness/seed.js';
import { CASE_REGION } from './cfn-type-cases.js';
import { TYPE_CASES } from './cfn-type-cases-compute.js';

let emu: Emulator;
const r53 = () => new Route53Client(clientConfig(emu.endpoint, 'us-east-1'));

beforeAll(async () => {
  // No skip when moto is missing: startEmulator throws with the install command.
  emu = await startEmulator();
});
afterAll(async () => {
  await emu?.stop();
});

describe('startEmulator', () => {
  it('listens on 127.0.0.1 only and reports its CloudFormation registrations and gaps', async () => {
    expect(emu.endpoint).toBe(`http://127.0.0.1:${emu.port}`);
    const health = (await (await fetch(`${emu.endpoint}/_drctl/health`)).json()) as {
      registered: string[];
      gaps: string[];
    };
    console.info(`registered CloudFormation types: ${health.registered.join(', ')}`);
    console.info(`CloudFormation type gaps: ${health.gaps.length ? health.gaps.join(', ') : 'none'}`);
    expect(health.registered).toContain('AWS::RDS::DBCluster');
    expect(health.gaps).toEqual([]);
  });

  it('fails with the exact install command when python cannot import moto', async () => {
    await expect(ensureMoto('/nonexistent/python3', true)).rejects.toThrow(MOTO_INSTALL_COMMAND);
  });

  it('reset() empties moto', async () => {
    await seedPrimaryWorld(emu.endpoint);
    await emu.reset();
    expect((await r53().send(new ListHostedZonesCommand({}))).HostedZones).toEqual([]);
  });

  it('takes the PENDING time at start, and stop() kills it by pid and is safe twice', async () => {
    const second = await startEmulator({ route53PendingSeconds: 30 });
    const world = await seedPrimaryWorld(second.endpoint);
    const client = new Route53Client(clientConfig(second.endpoint, 'us-east-1'));
    const change = await client.send(new ChangeResourceRecordSetsCommand(upsertTxt(world, 'pending')));
    expect(change.ChangeInfo?.Status).toBe('PENDING');
    await second.stop();
    await second.stop();
    expect(() => process.kill(second.pid, 0)).toThrow();
  });
});

async function deploy(name: string, template: string) {
  const cfn = new CloudFormationClient(clientConfig(emu.endpoint, CASE_REGION));
  await cfn.send(new CreateStackCommand({ StackName: name, TemplateBody: template }));
  const stack = (await cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks![0]!;
  const resources =
    (await cfn.send(new ListStackResourcesCommand({ StackName: name }))).StackResourceSummaries ?? [];
  return { cfn, stack, resources };
}

describe('CloudFormation types moto lacks deploy whole', () => {
  for (const typeCase of TYPE_CASES) {
    it(`${typeCase.name}: ${typeCase.types.length} types CREATE_COMPLETE and found through their own APIs`, async () => {
      const { stack, resources } = await deploy(`harness-${typeCase.name}`, typeCase.template);
      expect(stack.StackStatus).toBe('CREATE_COMPLETE');
      const physical = Object.fromEntries(
        resources.map((r) => [r.LogicalResourceId!, r.PhysicalResourceId ?? '']),
      );
      const outputs = Object.fromEntries(
        (stack.Outputs ?? []).map((o) => [o.OutputKey!, o.OutputValue ?? '']),
      );
      const deployed = { endpoint: emu.endpoint, physical, outputs };
      const gaps: string[] = [];
      for (const type of typeCase.types) {
        const created = resources.filter((r) => r.ResourceType === type);
        if (created.length === 0 || created.some((r) => r.ResourceStatus !== 'CREATE_COMPLETE')) {
          gaps.push(`${type}: not created by the stack`);
          continue;
        }
        await typeCase.checks[type]!(deployed).catch((error: Error) =>
          gaps.push(`${type}: ${error.message}`),
        );
      }
      if (gaps.length) console.error(`CloudFormation gaps in ${typeCase.name}:\n  ${gaps.join('\n  ')}`);
      expect(gaps).toEqual([]);
    });
  }

  it('resolves !GetAtt Cluster.Endpoint.Address and .Endpoint.Port as CloudFormation does', async () => {
    const cfn = new CloudFormationClient(clientConfig(emu.endpoint, CASE_REGION));
    const stack = (await cfn.send(new DescribeStacksCommand({ StackName: 'harness-aurora' }))).Stacks![0]!;
    const out = Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]));
    expect(out.Endpoint).toMatch(/\.cluster-[a-z0-9]+\.us-east-1\.rds\.amazonaws\.com$/);
    expect(out.ReadEndpoint).toMatch(/\.cluster-ro-/);
    expect(out.Port).toBe('3306');
    expect(out.Url).toBe(`mysql://${out.Endpoint}:3306`);
  });

  it('deleting the stack removes the Aurora cluster and its instances', async () => {
    const cfn = new CloudFormationClient(clientConfig(emu.endpoint, CASE_REGION));
    await cfn.send(new DeleteStackCommand({ StackName: 'harness-aurora' }));
    const rds = new RDSClient(clientConfig(emu.endpoint, CASE_REGION));
    expect((await rds.send(new DescribeDBClustersCommand({}))).DBClusters).toEqual([]);
  });
});

function upsertTxt(world: World, value: string) {
  const change: Change = {
    Action: 'UPSERT',
    ResourceRecordSet: {
      Name: `txt.${world.hostedZoneName}`,
      Type: 'TXT',
      TTL: 60,
      ResourceRecords: [{ Value: `"${value}"` }],
    },
  };
  return { HostedZoneId: world.hostedZoneId, ChangeBatch: { Changes: [change] } };
}

describe('Route 53 hooks', () => {
  let world: World;
  beforeAll(async () => {
    await emu.reset();
    world = await seedPrimaryWorld(emu.endpoint);
  });
  const lock = (value: string, action: 'CREATE' | 'DELETE'): Change => ({
    Action: action,
    ResourceRecordSet: {
      Name: `_lock.${world.recordName}`,
      Type: 'TXT',
      TTL: 10,
      ResourceRecords: [{ Value: `"${value}"` }],
    },
  });
  const change = (changes: Change[]) =>
    r53().send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: world.hostedZoneId,
        ChangeBatch: { Changes: changes },
      }),
    );

  it("TestDNSAnswer answers an alias with its ALB's addresses (as dig would), NXDOMAIN for a missing name", async () => {
    const answer = await r53().send(
      new TestDNSAnswerCommand({
        HostedZoneId: world.hostedZoneId,
        RecordName: world.recordName,
        RecordType: 'A',
      }),
    );
    expect(answer.ResponseCode).toBe('NOERROR');
    const resolver = new DnsResolver([emu.dnsServer]);
    const albAddresses = await resolver.resolve(world.primaryAlb.dnsName, 'A');
    expect(albAddresses.length).toBeGreaterThan(0);
    expect(albAddresses.every((a) => isIP(a) === 4)).toBe(true);
    expect([...(answer.RecordData ?? [])].sort()).toEqual([...albAddresses].sort());
    // Never the alias target's name: that is what made every real failover roll back.
    expect(answer.RecordData?.join(' ')).not.toContain('elb.amazonaws.com');
    // An IPv4-only ALB has no AAAA records: NOERROR, empty.
    const aaaa = await r53().send(
      new TestDNSAnswerCommand({
        HostedZoneId: world.hostedZoneId,
        RecordName: world.recordName,
        RecordType: 'AAAA',
      }),
    );
    expect(aaaa.RecordData ?? []).toEqual([]);
    expect(await resolver.resolve(world.primaryAlb.dnsName, 'AAAA')).toEqual([]);
    const missing = await r53().send(
      new TestDNSAnswerCommand({
        HostedZoneId: world.hostedZoneId,
        RecordName: 'nope.example.com',
        RecordType: 'A',
      }),
    );
    expect(missing.ResponseCode).toBe('NXDOMAIN');
    expect(missing.RecordData ?? []).toEqual([]);
  });

  it("an alias to another record of the zone answers that record's values", async () => {
    await change([
      {
        Action: 'UPSERT',
        ResourceRecordSet: {
          Name: 'origin.example.com',
          Type: 'A',
          TTL: 60,
          ResourceRecords: [{ Value: '192.0.2.44' }],
        },
      },
      {
        Action: 'UPSERT',
        ResourceRecordSet: {
          Name: 'alias.example.com',
          Type: 'A',
          AliasTarget: {
            HostedZoneId: world.hostedZoneId,
            DNSName: 'origin.example.com.',
            EvaluateTargetHealth: false,
          },
        },
      },
    ]);
    const answer = await r53().send(
      new TestDNSAnswerCommand({
        HostedZoneId: world.hostedZoneId,
        RecordName: 'alias.example.com',
        RecordType: 'A',
      }),
    );
    expect(answer.RecordData).toEqual(['192.0.2.44']);
  });

  it('the DNS server answers NXDOMAIN for a name no load balancer has, and follows node replacements', async () => {
    const resolver = new DnsResolver([emu.dnsServer]);
    await expect(resolver.resolve('no-such-alb-1.us-east-1.elb.amazonaws.com', 'A')).rejects.toThrow(
      /could not be resolved \(ENOTFOUND\)/,
    );
    const fresh = ['198.18.7.1', '198.18.7.2'];
    await emu.setLoadBalancerNodes({ dnsName: world.primaryAlb.dnsName, ipv4: fresh });
    expect((await resolver.resolve(world.primaryAlb.dnsName, 'A')).sort()).toEqual(fresh);
    const answer = await r53().send(
      new TestDNSAnswerCommand({
        HostedZoneId: world.hostedZoneId,
        RecordName: world.recordName,
        RecordType: 'A',
      }),
    );
    expect(answer.RecordData).toEqual(fresh);
  });

  it("load balancers carry their region's canonical hosted zone id from AWS's table", async () => {
    // moto gives every region Z2P70J7EXAMPLE; AWS: https://docs.aws.amazon.com/general/latest/gr/elb.html
    expect(world.primaryAlb.canonicalHostedZoneId).toBe('Z1LMS91P8CMLE5');
  });

  it('GetChange reports PENDING for the configured time, then INSYNC', async () => {
    await emu.configure({ route53PendingSeconds: 1 });
    try {
      const submitted = await r53().send(new ChangeResourceRecordSetsCommand(upsertTxt(world, 'v1')));
      expect(submitted.ChangeInfo?.Status).toBe('PENDING');
      const id = submitted.ChangeInfo!.Id!;
      expect((await r53().send(new GetChangeCommand({ Id: id }))).ChangeInfo?.Status).toBe('PENDING');
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      expect((await r53().send(new GetChangeCommand({ Id: id }))).ChangeInfo?.Status).toBe('INSYNC');
    } finally {
      await emu.configure({ route53PendingSeconds: 0 });
    }
    expect(
      (await r53().send(new ChangeResourceRecordSetsCommand(upsertTxt(world, 'v2')))).ChangeInfo?.Status,
    ).toBe('INSYNC');
  });

  it('CREATE of an existing record fails with InvalidChangeBatch (the lock)', async () => {
    await change([lock('run-1', 'CREATE')]);
    await expect(change([lock('run-2', 'CREATE')])).rejects.toMatchObject({ name: 'InvalidChangeBatch' });
  });

  it('DELETE with values that do not match fails, and a failing batch changes nothing', async () => {
    await expect(change([lock('run-2', 'DELETE')])).rejects.toMatchObject({ name: 'InvalidChangeBatch' });
    await expect(
      change([upsertTxt(world, 'v3').ChangeBatch.Changes[0]!, lock('run-1', 'CREATE')]),
    ).rejects.toMatchObject({
      name: 'InvalidChangeBatch',
    });
    const txt = await r53().send(
      new TestDNSAnswerCommand({
        HostedZoneId: world.hostedZoneId,
        RecordName: 'txt.example.com',
        RecordType: 'TXT',
      }),
    );
    expect(txt.RecordData).toEqual(['"v2"']);
    await change([lock('run-1', 'DELETE')]);
  });
});

describe('seedPrimaryWorld', () => {
  for (const routing of ['simple', 'failover', 'weighted', 'latency'] as Routing[]) {
    it(`builds the primary world with ${routing} routing`, async () => {
      await emu.reset();
      const world = await seedPrimaryWorld(emu.endpoint, { routing });
      expect(world.primaryRegion).toBe('ap-southeast-1');
      expect(world.targetRegions).toEqual(['us-east-1', 'us-west-2']);
      const elb = new ElasticLoadBalancingV2Client(clientConfig(emu.endpoint, 'ap-southeast-1'));
      const [lb] =
        (await elb.send(new DescribeLoadBalancersCommand({ Names: ['shop-prod-alb'] }))).LoadBalancers ?? [];
      expect(lb).toMatchObject({ DNSName: world.primaryAlb.dnsName, Scheme: 'internet-facing' });
      const listed = await r53().send(
        new ListResourceRecordSetsCommand({ HostedZoneId: world.hostedZoneId }),
      );
      const www = (listed.ResourceRecordSets ?? []).filter(
        (r) => r.Name === 'www.example.com.' && r.Type === 'A',
      );
      expect(www).toHaveLength(routing === 'simple' ? 1 : 2);
      expect(www).toEqual(expect.arrayContaining(world.recordSets.map((r) => expect.objectContaining(r))));
      expect(world.recordSets[0]?.AliasTarget).toEqual({
        HostedZoneId: world.primaryAlb.canonicalHostedZoneId,
        DNSName: `dualstack.${world.primaryAlb.dnsName}.`,
        EvaluateTargetHealth: true,
      });
      if (routing !== 'simple') expect(world.standbyAlb?.name).toBe('shop-prod-standby-alb');
      expect(Object.keys(world.certificateArns)).toEqual(world.regions);
      const cfn = new CloudFormationClient(clientConfig(emu.endpoint, 'ap-southeast-1'));
      const [stack] =
        (await cfn.send(new DescribeStacksCommand({ StackName: 'shop-prod-network' }))).Stacks ?? [];
      expect(stack?.Tags).toContainEqual({ Key: 'drctl:app', Value: 'shop' });
      // Idempotent: seeding again finds the same world.
      const again = await seedPrimaryWorld(emu.endpoint, { routing });
      expect(again).toEqual(world);
    });
  }
});

describe('app server', () => {
  it('serves www.example.com over TLS verified by the test CA and records SNI and Host', async () => {
    const app = await startAppServer({ region: 'us-east-1' });
    const get = (path: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: app.port,
            path,
            ca: TEST_CA_PEM,
            servername: 'www.example.com',
            headers: { host: 'www.example.com' },
          },
          (res) => {
            let body = '';
            res.on('data', (c) => (body += c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        req.on('error', reject);
        req.end();
      });
    try {
      expect(await get('/healthz')).toMatchObject({ status: 200 });
      expect((await get('/')).body).toContain('shop');
      app.setHealthy(false);
      expect((await get('/healthz')).status).toBe(503);
      expect(app.requestCount).toBe(3);
      expect(app.requests[0]).toMatchObject({
        servername: 'www.example.com',
        host: 'www.example.com',
        path: '/healthz',
      });
    } finally {
      await app.close();
    }
  });
});
