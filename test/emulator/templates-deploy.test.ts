/**
 * The whole blueprint (dev), deployed into the emulator wave by wave with the parameters
 * drctl passes, then every important resource found through its own service's API: the
 * templates do in the emulator what they promise, and nothing is skipped silently.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import {
  DescribeNatGatewaysCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  DescribeListenersCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import {
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateTemplatesDir } from '../../src/templates/locate.js';
import { loadManifest, stackName, stackWaves } from '../../src/templates/manifest.js';
import { loadTemplates } from '../../src/templates/render.js';
import { clientConfig } from '../harness/aws-clients.js';
import { type BlueprintDeployment, deployBlueprint } from '../harness/deploy-blueprint.js';
import { type Emulator, startEmulator } from '../harness/emulator.js';
import { jsonCall, queryCall, restGet } from '../harness/raw-aws.js';
import { seedPrimaryWorld, type World } from '../harness/seed.js';

const REGION = 'us-east-1';
const ENV = 'dev';

let emu: Emulator;
let world: World;
let deployed: BlueprintDeployment;
const config = () => clientConfig(emu.endpoint, REGION);
const out = (stack: string, key: string): string => {
  const value = deployed.outputs[stack]?.[key];
  if (!value) throw new Error(`stack ${stack} has no output ${key}`);
  return value;
};

beforeAll(async () => {
  emu = await startEmulator();
  world = await seedPrimaryWorld(emu.endpoint);
  deployed = await deployBlueprint(world, { region: REGION, env: ENV });
});
afterAll(async () => {
  await emu?.stop();
});

describe(`the blueprint (${ENV}) deployed whole into the emulator in ${REGION}`, () => {
  it('creates every stack, in manifest wave order, CREATE_COMPLETE', () => {
    const dir = locateTemplatesDir({});
    const order = stackWaves(loadManifest(dir)).flat();
    expect(deployed.stacks.map((s) => s.name)).toEqual(order.map((key) => stackName('shop', ENV, key)));
    const failed = deployed.stacks.filter((s) => s.status !== 'CREATE_COMPLETE');
    if (failed.length)
      console.error(failed.map((s) => `${s.name}: ${s.status} ${s.reason ?? ''}`).join('\n'));
    expect(failed).toEqual([]);
  });

  it('skips no resource: every type is created by the emulator (gaps are printed by name)', async () => {
    const dir = locateTemplatesDir({});
    const manifest = loadManifest(dir);
    const templates = loadTemplates(dir, manifest);
    const health = (await (await fetch(`${emu.endpoint}/_drctl/health`)).json()) as { types: string[] };
    const cfn = new CloudFormationClient(config());
    const gaps: string[] = [];
    for (const [key, template] of Object.entries(templates)) {
      const name = stackName('shop', ENV, key);
      const listed =
        (await cfn.send(new ListStackResourcesCommand({ StackName: name }))).StackResourceSummaries ?? [];
      const created = new Set(listed.map((r) => r.LogicalResourceId));
      for (const [logicalId, resource] of Object.entries(template.Resources)) {
        if (!health.types.includes(resource.Type)) {
          gaps.push(`${resource.Type} (${name} ${logicalId}): the emulator has no such type, it is skipped`);
        } else if (resource.Condition === undefined && !created.has(logicalId)) {
          gaps.push(`${resource.Type} (${name} ${logicalId}): not in the stack's resources`);
        }
      }
    }
    console.info(
      `CloudFormation gaps in the blueprint: ${gaps.length ? `\n  ${gaps.join('\n  ')}` : 'none'}`,
    );
    expect(gaps).toEqual([]);
  });

  it('network: a VPC with public and private subnets in two AZs and a NAT gateway', async () => {
    const ec2 = new EC2Client(config());
    const vpcId = out('network', 'VpcId');
    const [vpc] = (await ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }))).Vpcs ?? [];
    expect(vpc?.CidrBlock).toBe('10.0.0.0/16');
    expect(vpc?.Tags).toContainEqual({ Key: 'Name', Value: `shop-${ENV}-vpc` });
    const subnets =
      (await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] })))
        .Subnets ?? [];
    const tier = (t: string) =>
      subnets.filter((s) => s.Tags?.some((tag) => tag.Key === 'drctl:tier' && tag.Value === t));
    for (const t of ['public', 'private']) {
      expect(tier(t)).toHaveLength(2);
      expect(new Set(tier(t).map((s) => s.AvailabilityZone)).size).toBe(2);
      expect(tier(t).every((s) => s.AvailabilityZone?.startsWith(REGION))).toBe(true);
    }
    expect(out('network', 'AvailabilityZones')).toBe(
      tier('private')
        .map((s) => s.AvailabilityZone)
        .join(','),
    );
    const nats =
      (await ec2.send(new DescribeNatGatewaysCommand({ Filter: [{ Name: 'vpc-id', Values: [vpcId] }] })))
        .NatGateways ?? [];
    // dev shares one NAT gateway (NatGatewayCount: 1), in a public subnet.
    expect(nats).toHaveLength(1);
    expect(tier('public').map((s) => s.SubnetId)).toContain(nats[0]?.SubnetId);
  });

  it('security: two rotating KMS keys with aliases, and the IAM roles', async () => {
    for (const [output, alias] of [
      ['DataKeyArn', `alias/shop-${ENV}-data`],
      ['MediaKeyArn', `alias/shop-${ENV}-media`],
    ] as const) {
      const arn = out('security', output);
      const key = (await jsonCall(emu.endpoint, REGION, 'kms', 'TrentService.DescribeKey', { KeyId: arn }))
        .KeyMetadata as Record<string, unknown>;
      expect(key).toMatchObject({ Arn: arn, Enabled: true, KeyManager: 'CUSTOMER' });
      const rotation = await jsonCall(emu.endpoint, REGION, 'kms', 'TrentService.GetKeyRotationStatus', {
        KeyId: arn,
      });
      expect(rotation.KeyRotationEnabled).toBe(true);
      const aliases = (
        await jsonCall(emu.endpoint, REGION, 'kms', 'TrentService.ListAliases', { KeyId: arn })
      ).Aliases as { AliasName: string }[];
      expect(aliases.map((a) => a.AliasName)).toContain(alias);
    }
    for (const [output, principal] of [
      ['ExecutionRoleArn', 'ecs-tasks.amazonaws.com'],
      ['TaskRoleArn', 'ecs-tasks.amazonaws.com'],
    ] as const) {
      const roleName = out('security', output).split('/').pop()!;
      const xml = await queryCall(emu.endpoint, REGION, 'iam', '2010-05-08', 'GetRole', {
        RoleName: roleName,
      });
      expect(decodeURIComponent(xml)).toContain(principal);
    }
    const profile = out('security', 'InstanceProfileArn').split('/').pop()!;
    const xml = await queryCall(emu.endpoint, REGION, 'iam', '2010-05-08', 'GetInstanceProfile', {
      InstanceProfileName: profile,
    });
    expect(xml).toMatch(/<RoleName>shop-dev-security-InstanceRole-/);
  });

  it('data: an encrypted Aurora MySQL cluster with a writer and a reader in two AZs', async () => {
    const rds = new RDSClient(config());
    const id = out('data', 'ClusterIdentifier');
    const [cluster] =
      (await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: id }))).DBClusters ?? [];
    expect(cluster).toMatchObject({
      Engine: 'aurora-mysql',
      StorageEncrypted: true,
      KmsKeyId: out('security', 'DataKeyArn'),
      Port: 3306,
      Endpoint: out('data', 'ClusterEndpoint'),
      ReaderEndpoint: out('data', 'ReaderEndpoint'),
    });
    const members = cluster?.DBClusterMembers ?? [];
    expect(members).toHaveLength(2);
    expect(members.filter((m) => m.IsClusterWriter)).toHaveLength(1);
    const instances =
      (await rds.send(new DescribeDBInstancesCommand({ Filters: [{ Name: 'db-cluster-id', Values: [id] }] })))
        .DBInstances ?? [];
    expect(new Set(instances.map((i) => i.AvailabilityZone))).toEqual(
      new Set(out('network', 'AvailabilityZones').split(',')),
    );
    expect(out('data', 'MasterUserSecretArn')).toMatch(/^arn:aws:secretsmanager:us-east-1:/);
  });

  it('media: a private, KMS-encrypted, versioned bucket with a Glacier lifecycle, read by one distribution', async () => {
    const s3 = new S3Client(config());
    const Bucket = out('media', 'BucketName');
    const encryption = await s3.send(new GetBucketEncryptionCommand({ Bucket }));
    expect(
      encryption.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault,
    ).toEqual({
      SSEAlgorithm: 'aws:kms',
      KMSMasterKeyID: out('security', 'MediaKeyArn'),
    });
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket }))).Status).toBe('Enabled');
    const lifecycle = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket }));
    expect(lifecycle.Rules?.[0]?.Transitions).toEqual([{ Days: 180, StorageClass: 'GLACIER' }]);
    const block = await s3.send(new GetPublicAccessBlockCommand({ Bucket }));
    expect(block.PublicAccessBlockConfiguration).toMatchObject({
      BlockPublicAcls: true,
      RestrictPublicBuckets: true,
    });
    const ownership = await s3.send(new GetBucketOwnershipControlsCommand({ Bucket }));
    expect(ownership.OwnershipControls?.Rules?.[0]?.ObjectOwnership).toBe('BucketOwnerEnforced');
    const policy = (await s3.send(new GetBucketPolicyCommand({ Bucket }))).Policy ?? '';
    const distributionId = out('media', 'DistributionId');
    expect(policy).toContain(`distribution/${distributionId}`);
    const xml = await restGet(
      emu.endpoint,
      REGION,
      'cloudfront',
      `/2020-05-31/distribution/${distributionId}`,
    );
    expect(xml).toContain(`<DomainName>${out('media', 'DistributionDomainName')}</DomainName>`);
    expect(xml).toContain(`<DomainName>${Bucket}.s3.${REGION}.amazonaws.com</DomainName>`);
    expect(xml).toMatch(/<ViewerProtocolPolicy>redirect-to-https<\/ViewerProtocolPolicy>/);
    // dev replicates nowhere: one origin, no origin group.
    expect(xml.match(/<Origin>/g)).toHaveLength(1);
    expect(xml).not.toContain('<OriginGroup>');
  });

  it('edge: an active internet-facing ALB, an HTTPS-only listener and an IP target group', async () => {
    const elb = new ElasticLoadBalancingV2Client(config());
    const arn = out('edge', 'LoadBalancerArn');
    const [lb] =
      (await elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [arn] }))).LoadBalancers ?? [];
    expect(lb).toMatchObject({
      Scheme: 'internet-facing',
      Type: 'application',
      DNSName: out('edge', 'LoadBalancerDnsName'),
    });
    expect(lb?.State?.Code).toBe('active');
    expect(lb?.AvailabilityZones?.map((z) => z.SubnetId).sort()).toEqual(
      out('network', 'PublicSubnetIds').split(',').sort(),
    );
    expect(lb?.SecurityGroups).toEqual([out('network', 'AlbSecurityGroupId')]);
    const listeners =
      (await elb.send(new DescribeListenersCommand({ LoadBalancerArn: arn }))).Listeners ?? [];
    expect(listeners).toHaveLength(1);
    expect(listeners[0]).toMatchObject({ Protocol: 'HTTPS', Port: 443 });
    expect(listeners[0]?.Certificates?.[0]?.CertificateArn).toBe(world.certificateArns[REGION]);
    expect(listeners[0]?.DefaultActions?.[0]).toMatchObject({
      Type: 'forward',
      TargetGroupArn: out('edge', 'TargetGroupArn'),
    });
    const [tg] =
      (await elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [out('edge', 'TargetGroupArn')] })))
        .TargetGroups ?? [];
    expect(tg).toMatchObject({ TargetType: 'ip', Protocol: 'HTTP', Port: 8080, HealthCheckPath: '/health' });

    // Access logs to the stack's bucket, which lets us-east-1's ELB account write there.
    const attributes =
      (await elb.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: arn }))).Attributes ?? [];
    const Bucket = out('edge', 'AccessLogBucketName');
    expect(attributes).toEqual(
      expect.arrayContaining([
        { Key: 'access_logs.s3.enabled', Value: 'true' },
        { Key: 'access_logs.s3.bucket', Value: Bucket },
        { Key: 'access_logs.s3.prefix', Value: 'alb' },
      ]),
    );
    const s3 = new S3Client(config());
    const policy = JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket }))).Policy ?? '{}');
    expect(policy.Statement[0]).toMatchObject({
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::127311923021:root' },
      Action: 's3:PutObject',
    });
    expect(policy.Statement[0].Resource).toMatch(/\/alb\/AWSLogs\/\d{12}\/\*$/);
  });

  it('an ALB whose log bucket does not let the ELB account write fails, as ELB refuses it', async () => {
    const cfn = new CloudFormationClient(config());
    const body = JSON.stringify({
      Resources: {
        Logs: { Type: 'AWS::S3::Bucket' },
        Alb: {
          Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
          Properties: {
            Subnets: out('network', 'PublicSubnetIds').split(','),
            LoadBalancerAttributes: [
              { Key: 'access_logs.s3.enabled', Value: 'true' },
              { Key: 'access_logs.s3.bucket', Value: { Ref: 'Logs' } },
            ],
          },
        },
      },
    });
    await cfn.send(new CreateStackCommand({ StackName: 'alb-logs-denied', TemplateBody: body }));
    const [stack] =
      (await cfn.send(new DescribeStacksCommand({ StackName: 'alb-logs-denied' }))).Stacks ?? [];
    expect(stack?.StackStatus).toBe('ROLLBACK_COMPLETE');
    const events =
      (await cfn.send(new DescribeStackEventsCommand({ StackName: 'alb-logs-denied' }))).StackEvents ?? [];
    expect(
      events.find((e) => e.LogicalResourceId === 'Alb' && e.ResourceStatus === 'CREATE_FAILED')
        ?.ResourceStatusReason,
    ).toMatch(/Access Denied for bucket/);
  });

  it('edge with a WAF web ACL: the ALB is associated with it; an unknown web ACL fails the stack', async () => {
    const waf = (target: string, body: Record<string, unknown>) =>
      jsonCall(emu.endpoint, REGION, 'wafv2', `AWSWAF_20190729.${target}`, body);
    const created = (await waf('CreateWebACL', {
      Name: 'shop-dev-alb',
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      Rules: [],
      VisibilityConfig: {
        SampledRequestsEnabled: false,
        CloudWatchMetricsEnabled: false,
        MetricName: 'shop',
      },
    })) as { Summary: { ARN: string } };
    const cfn = new CloudFormationClient(config());
    const body = readFileSync(join(locateTemplatesDir({}), 'edge.yaml'), 'utf8');
    const create = async (name: string, acl: string) => {
      const params: Record<string, string> = {
        AppName: 'waf',
        EnvName: 'dev',
        VpcId: out('network', 'VpcId'),
        PublicSubnetIds: out('network', 'PublicSubnetIds'),
        AlbSecurityGroupId: out('network', 'AlbSecurityGroupId'),
        CertificateArn: world.certificateArns[REGION]!,
        WebAclArn: acl,
      };
      await cfn.send(
        new CreateStackCommand({
          StackName: name,
          TemplateBody: body,
          Parameters: Object.entries(params).map(([ParameterKey, ParameterValue]) => ({
            ParameterKey,
            ParameterValue,
          })),
        }),
      );
      return (await cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0];
    };
    const ok = await create('waf-dev-edge', created.Summary.ARN);
    expect(ok?.StackStatus).toBe('CREATE_COMPLETE');
    const lb = ok?.Outputs?.find((o) => o.OutputKey === 'LoadBalancerArn')?.OutputValue;
    const found = (await waf('GetWebACLForResource', { ResourceArn: lb })) as { WebACL?: { ARN: string } };
    expect(found.WebACL?.ARN).toBe(created.Summary.ARN);

    const missing = created.Summary.ARN.replace(/\/[^/]+$/, '/00000000-0000-0000-0000-000000000000');
    const failed = await create('waf-dev-edge-missing', missing);
    expect(failed?.StackStatus).toBe('ROLLBACK_COMPLETE');
    expect(failed?.StackStatusReason).toContain('[WebAclAssociation]');
  });

  it('compute: the ECS cluster and service, the Auto Scaling group under a managed-scaling capacity provider, the db-init task', async () => {
    const ecs = (target: string, body: Record<string, unknown>) =>
      jsonCall(emu.endpoint, REGION, 'ecs', `AmazonEC2ContainerServiceV20141113.${target}`, body);
    const clusterName = out('compute', 'ClusterName');
    const clusters = (await ecs('DescribeClusters', { clusters: [clusterName] })).clusters as Record<
      string,
      unknown
    >[];
    expect(clusters[0]).toMatchObject({ clusterName, status: 'ACTIVE' });
    expect(clusters[0]?.capacityProviders).toEqual([out('compute', 'CapacityProviderName')]);
    const services = (
      await ecs('DescribeServices', { cluster: clusterName, services: [out('compute', 'ServiceArn')] })
    ).services as Record<string, unknown>[];
    expect(services[0]).toMatchObject({ desiredCount: 1, runningCount: 1, status: 'ACTIVE' });
    expect(services[0]?.loadBalancers).toEqual([
      { targetGroupArn: out('edge', 'TargetGroupArn'), containerName: 'app', containerPort: 8080 },
    ]);

    const asgName = out('compute', 'AutoScalingGroupName');
    const asg = await queryCall(
      emu.endpoint,
      REGION,
      'autoscaling',
      '2011-01-01',
      'DescribeAutoScalingGroups',
      {
        'AutoScalingGroupNames.member.1': asgName,
      },
    );
    expect(asg).toContain(`<AutoScalingGroupName>${asgName}</AutoScalingGroupName>`);
    expect(asg).toMatch(
      /<MinSize>1<\/MinSize>[\s\S]*<MaxSize>2<\/MaxSize>|<MaxSize>2<\/MaxSize>[\s\S]*<MinSize>1<\/MinSize>/,
    );
    // InstanceScaling capacity-provider (the default): no step policies or CPU alarms of
    // the stack's own; ECS managed scaling owns the group's scaling (its target-tracking
    // policy is made by ECS in AWS, not by the stack, and the emulator does not make it).
    const policies = await queryCall(emu.endpoint, REGION, 'autoscaling', '2011-01-01', 'DescribePolicies', {
      AutoScalingGroupName: asgName,
    });
    expect([...policies.matchAll(/<PolicyARN>/g)]).toHaveLength(0);
    const providers = (
      await ecs('DescribeCapacityProviders', { capacityProviders: [out('compute', 'CapacityProviderName')] })
    ).capacityProviders as { autoScalingGroupProvider: { managedScaling: Record<string, unknown> } }[];
    expect(providers[0]?.autoScalingGroupProvider.managedScaling).toMatchObject({
      status: 'ENABLED',
      targetCapacity: 100,
    });

    const init = (
      await ecs('DescribeTaskDefinition', { taskDefinition: out('compute', 'DbInitTaskDefinitionArn') })
    ).taskDefinition as {
      family: string;
      containerDefinitions: { secrets: { name: string; valueFrom: string }[] }[];
    };
    expect(init.family).toBe(`shop-${ENV}-db-init`);
    expect(init.containerDefinitions[0]?.secrets.map((s) => s.valueFrom)).toEqual([
      `${out('data', 'MasterUserSecretArn')}:username::`,
      `${out('data', 'MasterUserSecretArn')}:password::`,
      expect.stringMatching(/:parameter\/shop\/dev\/db-password$/),
    ]);
  });

  it('the service has a healthy target in the target group; the harness can make it unhealthy', async () => {
    const elb = new ElasticLoadBalancingV2Client(config());
    const TargetGroupArn = out('edge', 'TargetGroupArn');
    const health = async () =>
      (await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn }))).TargetHealthDescriptions ?? [];
    const targets = await health();
    expect(targets).toHaveLength(1);
    expect(targets[0]?.TargetHealth?.State).toBe('healthy');
    expect(targets[0]?.Target?.Port).toBe(8080);
    // A task IP in one of the private subnets (10.0.32.0/20, 10.0.48.0/20).
    expect(targets[0]?.Target?.Id).toMatch(/^10\.0\.(3[2-9]|4[0-9]|5[0-9]|6[0-3])\.\d+$/);
    await emu.setTargetHealth({ targetGroupArn: TargetGroupArn, healthy: false });
    try {
      expect((await health())[0]?.TargetHealth).toMatchObject({
        State: 'unhealthy',
        Reason: 'Target.FailedHealthChecks',
      });
    } finally {
      await emu.setTargetHealth({ targetGroupArn: TargetGroupArn, healthy: true });
    }
    expect((await health())[0]?.TargetHealth?.State).toBe('healthy');
  });
});

describe('the blueprint (prod) in the other target region', () => {
  it('deploys whole into us-west-2 too, with a NAT gateway per AZ and two healthy targets', async () => {
    const prod = await deployBlueprint(world, { region: 'us-west-2', env: 'prod' });
    expect(prod.stacks.map((s) => `${s.name} ${s.status} ${s.reason ?? ''}`.trim())).toEqual(
      deployed.stacks.map((s) => `${s.name.replace('-dev-', '-prod-')} CREATE_COMPLETE`),
    );
    const west = clientConfig(emu.endpoint, 'us-west-2');
    const nats =
      (
        await new EC2Client(west).send(
          new DescribeNatGatewaysCommand({
            Filter: [{ Name: 'vpc-id', Values: [prod.outputs.network!.VpcId!] }],
          }),
        )
      ).NatGateways ?? [];
    expect(nats).toHaveLength(2);
    expect(prod.outputs.network?.AvailabilityZones).toBe('us-west-2a,us-west-2b');
    const targets =
      (
        await new ElasticLoadBalancingV2Client(west).send(
          new DescribeTargetHealthCommand({ TargetGroupArn: prod.outputs.edge!.TargetGroupArn! }),
        )
      ).TargetHealthDescriptions ?? [];
    expect(targets.map((t) => t.TargetHealth?.State)).toEqual(['healthy', 'healthy']);
  });
});

describe('a stack that fails to create', () => {
  const failing = (name: string) =>
    JSON.stringify({
      Resources: {
        Logs: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: `/drctl/${name}` } },
        Broken: {
          Type: 'AWS::EC2::Subnet',
          DependsOn: 'Logs',
          Properties: { VpcId: 'vpc-00000000000000000', CidrBlock: '10.9.0.0/24' },
        },
      },
      Outputs: { Subnet: { Value: { Ref: 'Broken' } } },
    });
  const logGroups = async () =>
    (
      (
        await jsonCall(emu.endpoint, REGION, 'logs', 'Logs_20140328.DescribeLogGroups', {
          logGroupNamePrefix: '/drctl/',
        })
      ).logGroups as { logGroupName: string }[]
    ).map((g) => g.logGroupName);

  it('rolls back to ROLLBACK_COMPLETE with the failed resource and reason, and DescribeStacks still answers', async () => {
    const cfn = new CloudFormationClient(config());
    await cfn.send(
      new CreateStackCommand({ StackName: 'fails-rollback', TemplateBody: failing('rollback') }),
    );
    const [stack] = (await cfn.send(new DescribeStacksCommand({ StackName: 'fails-rollback' }))).Stacks ?? [];
    expect(stack?.StackStatus).toBe('ROLLBACK_COMPLETE');
    expect(stack?.StackStatusReason).toContain('[Broken]');
    expect(stack?.Outputs ?? []).toEqual([]);
    const events =
      (await cfn.send(new DescribeStackEventsCommand({ StackName: 'fails-rollback' }))).StackEvents ?? [];
    const failed = events.find(
      (e) => e.LogicalResourceId === 'Broken' && e.ResourceStatus === 'CREATE_FAILED',
    );
    expect(failed?.ResourceStatusReason).toMatch(/vpc-00000000000000000/);
    expect(await logGroups()).not.toContain('/drctl/rollback');
    // Every other stack of the region is still described.
    const all = (await cfn.send(new DescribeStacksCommand({}))).Stacks ?? [];
    expect(all.filter((s) => s.StackStatus === 'CREATE_COMPLETE').length).toBeGreaterThanOrEqual(6);
  });

  it('with OnFailure DO_NOTHING ends CREATE_FAILED and keeps what it created', async () => {
    const cfn = new CloudFormationClient(config());
    await cfn.send(
      new CreateStackCommand({
        StackName: 'fails-keep',
        TemplateBody: failing('keep'),
        OnFailure: 'DO_NOTHING',
      }),
    );
    const [stack] = (await cfn.send(new DescribeStacksCommand({ StackName: 'fails-keep' }))).Stacks ?? [];
    expect(stack?.StackStatus).toBe('CREATE_FAILED');
    const listed = (await cfn.send(new ListStackResourcesCommand({ StackName: 'fails-keep' })))
      .StackResourceSummaries;
    expect(listed?.map((r) => r.LogicalResourceId)).toEqual(['Logs']);
    expect(await logGroups()).toContain('/drctl/keep');
  });
});
