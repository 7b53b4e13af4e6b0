/**
 * Builds the "primary world" drctl fails over from, inside the emulator: the app runs in
 * ap-southeast-1 behind an ALB, www.example.com points at it, certificates exist in every
 * region, and one tagged stack gives `status` something to show.
 */
import {
  ACMClient,
  DescribeCertificateCommand,
  ListCertificatesCommand,
  RequestCertificateCommand,
} from '@aws-sdk/client-acm';
import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import {
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  ChangeResourceRecordSetsCommand,
  CreateHostedZoneCommand,
  ListHostedZonesByNameCommand,
  ListResourceRecordSetsCommand,
  type ResourceRecordSet,
  Route53Client,
} from '@aws-sdk/client-route-53';
import { clientConfig } from './aws-clients.js';
import { type Routing, recordSetsFor } from './seed-records.js';

export type { Routing } from './seed-records.js';

export interface SeedOptions {
  /** Routing policy of www.example.com; default `simple` (one alias record, no set id). */
  routing?: Routing;
  /**
   * Write www.example.com's record sets (and the standby ALB they need); default true.
   * False leaves the name to a template that owns it (the data-plane switch's).
   */
  records?: boolean;
}

interface RegionalAlb {
  region: string;
  name: string;
  arn: string;
  dnsName: string;
  /** The ALB's own hosted zone (the alias target's HostedZoneId). */
  canonicalHostedZoneId: string;
  targetGroupArn: string;
  vpcId: string;
  subnetIds: string[];
}

export interface World {
  endpoint: string;
  primaryRegion: 'ap-southeast-1';
  targetRegions: ['us-east-1', 'us-west-2'];
  /** Primary first, then the targets. */
  regions: string[];
  routing: Routing;
  /** Bare id, without `/hostedzone/`. */
  hostedZoneId: string;
  hostedZoneName: 'example.com.';
  recordName: 'www.example.com.';
  recordType: 'A';
  /** Every variant of www.example.com. A as seeded, primary first. */
  recordSets: ResourceRecordSet[];
  /** shop-prod-alb in ap-southeast-1. */
  primaryAlb: RegionalAlb;
  /** shop-prod-standby-alb in us-east-1, the DR side of failover/weighted/latency records. */
  standbyAlb?: RegionalAlb;
  albsByRegion: Record<string, RegionalAlb>;
  /** ISSUED certificate ARN for www.example.com, per region. */
  certificateArns: Record<string, string>;
  networkStack: { name: 'shop-prod-network'; region: string; stackId: string; tags: Record<string, string> };
}

const PRIMARY = 'ap-southeast-1';
const TARGETS: ['us-east-1', 'us-west-2'] = ['us-east-1', 'us-west-2'];
const ZONE = 'example.com.';
const RECORD = 'www.example.com.';

const NETWORK_TEMPLATE = JSON.stringify({
  AWSTemplateFormatVersion: '2010-09-09',
  Description: 'shop prod network (seeded by the drctl emulator harness)',
  Resources: {
    Vpc: {
      Type: 'AWS::EC2::VPC',
      Properties: { CidrBlock: '10.20.0.0/16', Tags: [{ Key: 'Name', Value: 'shop-prod-network' }] },
    },
  },
  Outputs: { VpcId: { Value: { Ref: 'Vpc' } } },
});

async function ensureVpc(
  endpoint: string,
  region: string,
  name: string,
  cidr: string,
): Promise<{ vpcId: string; subnetIds: string[] }> {
  const ec2 = new EC2Client(clientConfig(endpoint, region));
  const found = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag:Name', Values: [name] }] }));
  let vpcId = found.Vpcs?.[0]?.VpcId;
  if (!vpcId) {
    const created = await ec2.send(new CreateVpcCommand({ CidrBlock: cidr }));
    vpcId = created.Vpc!.VpcId!;
    await ec2.send(new CreateTagsCommand({ Resources: [vpcId], Tags: [{ Key: 'Name', Value: name }] }));
  }
  const existing = await ec2.send(
    new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }),
  );
  const subnetIds = (existing.Subnets ?? []).map((s) => s.SubnetId!);
  // An ALB needs subnets in two availability zones.
  for (const [index, az] of ['a', 'b'].entries()) {
    if (subnetIds.length > index) continue;
    const prefix = cidr.split('.').slice(0, 2).join('.');
    const subnet = await ec2.send(
      new CreateSubnetCommand({
        VpcId: vpcId,
        CidrBlock: `${prefix}.${index + 1}.0/24`,
        AvailabilityZone: `${region}${az}`,
      }),
    );
    subnetIds.push(subnet.Subnet!.SubnetId!);
  }
  return { vpcId, subnetIds };
}

export async function ensureAlb(
  endpoint: string,
  region: string,
  name: string,
  cidr: string,
): Promise<RegionalAlb> {
  const elb = new ElasticLoadBalancingV2Client(clientConfig(endpoint, region));
  const { vpcId, subnetIds } = await ensureVpc(endpoint, region, `${name}-vpc`, cidr);
  const existing = await elb.send(new DescribeLoadBalancersCommand({})).then((r) => r.LoadBalancers ?? []);
  let lb = existing.find((l) => l.LoadBalancerName === name);
  if (!lb) {
    const created = await elb.send(
      new CreateLoadBalancerCommand({
        Name: name,
        Subnets: subnetIds,
        Scheme: 'internet-facing',
        Type: 'application',
      }),
    );
    lb = created.LoadBalancers![0]!;
  }
  const tgName = `${name.replace(/-alb$/, '')}-tg`;
  const groups = await elb.send(new DescribeTargetGroupsCommand({})).then((r) => r.TargetGroups ?? []);
  let tg = groups.find((g) => g.TargetGroupName === tgName);
  if (!tg) {
    const created = await elb.send(
      new CreateTargetGroupCommand({
        Name: tgName,
        Protocol: 'HTTP',
        Port: 80,
        VpcId: vpcId,
        TargetType: 'ip',
        HealthCheckPath: '/healthz',
      }),
    );
    tg = created.TargetGroups![0]!;
  }
  return {
    region,
    name,
    arn: lb.LoadBalancerArn!,
    dnsName: lb.DNSName!,
    canonicalHostedZoneId: lb.CanonicalHostedZoneId!,
    targetGroupArn: tg.TargetGroupArn!,
    vpcId,
    subnetIds,
  };
}

export async function ensureZone(r53: Route53Client, name: string = ZONE): Promise<string> {
  const listed = await r53.send(new ListHostedZonesByNameCommand({ DNSName: name }));
  const zone = listed.HostedZones?.find((z) => z.Name === name);
  if (zone) return zone.Id!.replace('/hostedzone/', '');
  const created = await r53.send(
    new CreateHostedZoneCommand({ Name: name, CallerReference: `drctl-seed-${name}-${Date.now()}` }),
  );
  return created.HostedZone!.Id!.replace('/hostedzone/', '');
}

export async function ensureCertificate(
  endpoint: string,
  region: string,
  domain = 'www.example.com',
): Promise<string> {
  const acm = new ACMClient(clientConfig(endpoint, region));
  const listed = await acm.send(new ListCertificatesCommand({}));
  let arn = listed.CertificateSummaryList?.find((c) => c.DomainName === domain)?.CertificateArn;
  arn ??= (await acm.send(new RequestCertificateCommand({ DomainName: domain, ValidationMethod: 'DNS' })))
    .CertificateArn!;
  const described = await acm.send(new DescribeCertificateCommand({ CertificateArn: arn }));
  // The harness sets MOTO_ACM_VALIDATION_WAIT=0; anything else means moto changed.
  if (described.Certificate?.Status !== 'ISSUED') {
    throw new Error(`certificate ${arn} in ${region} is ${described.Certificate?.Status}, expected ISSUED`);
  }
  return arn;
}

async function ensureNetworkStack(endpoint: string): Promise<World['networkStack']> {
  const cfn = new CloudFormationClient(clientConfig(endpoint, PRIMARY));
  const name = 'shop-prod-network';
  const tags = { 'drctl:app': 'shop', 'drctl:env': 'prod' };
  const existing = await cfn.send(new DescribeStacksCommand({ StackName: name })).catch(() => undefined);
  let stackId = existing?.Stacks?.find((s) => s.StackStatus !== 'DELETE_COMPLETE')?.StackId;
  if (!stackId) {
    const created = await cfn.send(
      new CreateStackCommand({
        StackName: name,
        TemplateBody: NETWORK_TEMPLATE,
        Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
      }),
    );
    stackId = created.StackId!;
  }
  return { name, region: PRIMARY, stackId, tags };
}

export async function seedPrimaryWorld(endpoint: string, options: SeedOptions = {}): Promise<World> {
  const routing = options.routing ?? 'simple';
  const primaryAlb = await ensureAlb(endpoint, PRIMARY, 'shop-prod-alb', '10.10.0.0/16');
  const withRecords = options.records ?? true;
  const standbyAlb =
    routing === 'simple' || !withRecords
      ? undefined
      : await ensureAlb(endpoint, 'us-east-1', 'shop-prod-standby-alb', '10.30.0.0/16');

  const r53 = new Route53Client(clientConfig(endpoint, 'us-east-1'));
  const hostedZoneId = await ensureZone(r53);
  const wanted = withRecords ? recordSetsFor(routing, primaryAlb, standbyAlb) : [];
  const current = await r53.send(
    new ListResourceRecordSetsCommand({
      HostedZoneId: hostedZoneId,
      StartRecordName: RECORD,
      StartRecordType: 'A',
    }),
  );
  // Another routing policy seeded earlier would clash with this one: remove it first.
  const stale = (current.ResourceRecordSets ?? []).filter(
    (r) => r.Name === RECORD && r.Type === 'A' && !wanted.some((w) => w.SetIdentifier === r.SetIdentifier),
  );
  if (wanted.length + stale.length > 0)
    await r53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: hostedZoneId,
        ChangeBatch: {
          Comment: `drctl emulator seed (${routing})`,
          Changes: [
            ...stale.map((r) => ({ Action: 'DELETE' as const, ResourceRecordSet: r })),
            ...wanted.map((r) => ({ Action: 'UPSERT' as const, ResourceRecordSet: r })),
          ],
        },
      }),
    );

  const regions = [PRIMARY, ...TARGETS];
  const certificateArns: Record<string, string> = {};
  for (const region of regions) certificateArns[region] = await ensureCertificate(endpoint, region);
  const networkStack = await ensureNetworkStack(endpoint);
  const albsByRegion: Record<string, RegionalAlb> = { [PRIMARY]: primaryAlb };
  if (standbyAlb) albsByRegion[standbyAlb.region] = standbyAlb;
  return {
    endpoint,
    primaryRegion: PRIMARY,
    targetRegions: TARGETS,
    regions,
    routing,
    hostedZoneId,
    hostedZoneName: ZONE,
    recordName: RECORD,
    recordType: 'A',
    recordSets: wanted,
    primaryAlb,
    standbyAlb,
    albsByRegion,
    certificateArns,
    networkStack,
  };
}
