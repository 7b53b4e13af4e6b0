/**
 * One test per promise of the proposal, asserted on the parsed templates (long form), and
 * across stacks through the manifest: a parameter is followed to the output that feeds it.
 */
import { describe, expect, it } from 'vitest';
import {
  asList,
  ofType,
  only,
  producedBy,
  props,
  refName,
  roleStatements,
  sourceOf,
  template,
  templates,
} from './blueprint.js';

/** Index into `!Select [i, !GetAZs '']`, or undefined. */
function azIndex(v: unknown): number | undefined {
  const sel = (v as { 'Fn::Select'?: [number, unknown] })['Fn::Select'];
  return sel !== undefined && typeof sel[0] === 'number' ? sel[0] : undefined;
}

/** Subnets of the network stack classified by the default route of their route table. */
function subnetsByTier(): { public: string[]; private: string[] } {
  const routes = ofType('network', 'AWS::EC2::Route').map(([, r]) => props(r));
  const out = { public: [] as string[], private: [] as string[] };
  for (const [, assoc] of ofType('network', 'AWS::EC2::SubnetRouteTableAssociation')) {
    const table = refName(props(assoc).RouteTableId);
    const subnet = refName(props(assoc).SubnetId)!;
    const def = routes.find(
      (r) => refName(r.RouteTableId) === table && r.DestinationCidrBlock === '0.0.0.0/0',
    );
    if (def?.GatewayId !== undefined) out.public.push(subnet);
    else if (def?.NatGatewayId !== undefined) out.private.push(subnet);
  }
  return out;
}

/** All ingress rules of a security group: inline plus standalone SecurityGroupIngress. */
// biome-ignore lint/suspicious/noExplicitAny: template data.
function ingressOf(sg: string): any[] {
  const inline = props(template('network').Resources[sg]!).SecurityGroupIngress ?? [];
  const standalone = ofType('network', 'AWS::EC2::SecurityGroupIngress')
    .map(([, r]) => props(r))
    .filter((p) => refName(p.GroupId) === sg);
  return [...inline, ...standalone];
}

describe('the blueprint keeps every promise of the proposal', () => {
  it('1. VPC with public and private subnets in two AZs, and NAT for private egress', () => {
    only('network', 'AWS::EC2::VPC');
    const tiers = subnetsByTier();
    const subnets = template('network').Resources;
    for (const tier of [tiers.public, tiers.private]) {
      expect(tier.length).toBeGreaterThanOrEqual(2);
      const azs = new Set(tier.map((s) => azIndex(props(subnets[s]!).AvailabilityZone)));
      expect(azs.size).toBe(tier.length);
    }
    for (const s of tiers.private) expect(props(subnets[s]!).MapPublicIpOnLaunch).toBe(false);
    const nats = ofType('network', 'AWS::EC2::NatGateway');
    expect(nats.length).toBeGreaterThanOrEqual(1);
    for (const [, nat] of nats) expect(tiers.public).toContain(refName(props(nat).SubnetId));
  });

  it('2. ALB in public subnets, HTTPS listener only, ACM certificate as a parameter, round robin, SG admits 443 only', () => {
    const [, alb] = only('edge', 'AWS::ElasticLoadBalancingV2::LoadBalancer');
    expect(props(alb).Scheme).toBe('internet-facing');
    const subnets = producedBy('edge', refName(props(alb).Subnets)!);
    const joined = (subnets.value as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1].map(refName);
    expect(joined.sort()).toEqual(subnetsByTier().public.sort());

    const listeners = ofType('edge', 'AWS::ElasticLoadBalancingV2::Listener').map(([, l]) => props(l));
    expect(listeners).toHaveLength(1);
    expect(listeners[0]).toMatchObject({ Protocol: 'HTTPS', Port: 443 });
    const certParam = refName(listeners[0].Certificates[0].CertificateArn)!;
    expect(template('edge').Parameters?.[certParam]?.Default).toBeUndefined();
    expect(sourceOf('edge', certParam)).toEqual({ runtime: 'CertificateArn' });

    const [, tg] = only('edge', 'AWS::ElasticLoadBalancingV2::TargetGroup');
    expect(props(tg).TargetGroupAttributes).toContainEqual({
      Key: 'load_balancing.algorithm.type',
      Value: 'round_robin',
    });

    const albSg = refName(producedBy('edge', refName(props(alb).SecurityGroups[0])!).value)!;
    const rules = ingressOf(albSg);
    expect(rules.length).toBeGreaterThan(0);
    for (const r of rules) expect(r).toMatchObject({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443 });
  });

  it('3. ECS on EC2 from the ECS-optimised AMI via SSM, in private subnets, SG admitting the ALB only', () => {
    only('compute', 'AWS::ECS::Cluster');
    const [, lt] = only('compute', 'AWS::EC2::LaunchTemplate');
    const data = props(lt).LaunchTemplateData;
    const ami = template('compute').Parameters?.[refName(data.ImageId)!];
    expect(ami?.Type).toBe('AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>');
    expect(String(ami?.Default)).toMatch(/^\/aws\/service\/ecs\/optimized-ami\//);

    const [, asg] = only('compute', 'AWS::AutoScaling::AutoScalingGroup');
    const asgSubnets = producedBy('compute', refName(props(asg).VPCZoneIdentifier)!).value;
    const names = (asgSubnets as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1].map(refName);
    expect(names.sort()).toEqual(subnetsByTier().private.sort());

    const instanceSg = refName(producedBy('compute', refName(data.SecurityGroupIds[0])!).value)!;
    const albSg = refName(producedBy('edge', 'AlbSecurityGroupId').value)!;
    const rules = ingressOf(instanceSg);
    expect(rules.length).toBeGreaterThan(0);
    for (const r of rules) {
      expect(refName(r.SourceSecurityGroupId)).toBe(albSg);
      expect(r.CidrIp ?? r.CidrIpv6 ?? r.SourcePrefixListId).toBeUndefined();
    }
  });

  it('4. EC2 Auto Scaling by a managed-scaling capacity provider, or CPU alarms (out when high, in when it subsides); unhealthy instances replaced', () => {
    const [asgId, asg] = only('compute', 'AWS::AutoScaling::AutoScalingGroup');
    expect(['EC2', 'ELB']).toContain(props(asg).HealthCheckType);
    const policies = Object.fromEntries(ofType('compute', 'AWS::AutoScaling::ScalingPolicy'));
    for (const p of Object.values(policies)) expect(refName(props(p).AutoScalingGroupName)).toBe(asgId);
    const alarms = ofType('compute', 'AWS::CloudWatch::Alarm').map(([, a]) => props(a));
    const step = (a: (typeof alarms)[number]) =>
      props(policies[refName(a.AlarmActions[0])!]!).StepAdjustments[0].ScalingAdjustment as number;
    const metric = (a: (typeof alarms)[number]) =>
      String(template('compute').Parameters?.[refName(a.MetricName) ?? '']?.Default ?? a.MetricName);
    const high = alarms.find((a) => a.ComparisonOperator.startsWith('GreaterThan'));
    const low = alarms.find((a) => a.ComparisonOperator.startsWith('LessThan'));
    expect(high && low).toBeTruthy();
    expect(metric(high!)).toMatch(/^CPU/);
    expect(metric(low!)).toMatch(/^CPU/);
    expect(step(high!)).toBeGreaterThan(0);
    expect(step(low!)).toBeLessThan(0);
    const [, cp] = only('compute', 'AWS::ECS::CapacityProvider');
    expect(refName(props(cp).AutoScalingGroupProvider.AutoScalingGroupArn)).toBe(asgId);
    // The default: managed scaling on; the alarms and step policies exist only with cpu-alarms.
    const t = template('compute');
    expect(t.Parameters?.InstanceScaling?.Default).toBe('capacity-provider');
    const [cond, alarmsMode, managed] = props(cp).AutoScalingGroupProvider.ManagedScaling['Fn::If'];
    expect(cond).toBe('ScalesOnAlarms');
    expect(alarmsMode).toEqual({ Status: 'DISABLED' });
    expect(managed).toMatchObject({ Status: 'ENABLED', TargetCapacity: { Ref: 'CapacityTargetPercent' } });
    for (const [id, r] of [
      ...ofType('compute', 'AWS::AutoScaling::ScalingPolicy'),
      ...ofType('compute', 'AWS::CloudWatch::Alarm'),
    ]) {
      expect(r.Condition, id).toBe('ScalesOnAlarms');
    }
  });

  it('5. ECS service heals itself: desired count, health-check grace period, circuit breaker with rollback', () => {
    const [, svc] = only('compute', 'AWS::ECS::Service');
    const p = props(svc);
    expect(refName(p.DesiredCount)).toBe('ServiceDesiredCount');
    const grace = template('compute').Parameters?.[refName(p.HealthCheckGracePeriodSeconds)!];
    expect(Number(grace?.Default)).toBeGreaterThan(0);
    expect(p.DeploymentConfiguration.DeploymentCircuitBreaker).toEqual({ Enable: true, Rollback: true });
    expect(refName(p.LoadBalancers[0].TargetGroupArn)).toBe('TargetGroupArn');
  });

  it('6. Aurora MySQL: writer and reader in two AZs, private, encrypted, TLS required, RDS-managed password, empty/restore/global', () => {
    const [clusterId, cluster] = only('data', 'AWS::RDS::DBCluster');
    const c = props(cluster);
    expect(c.Engine).toBe('aurora-mysql');
    expect(c.StorageEncrypted).toBe(true);
    expect(refName(c.KmsKeyId)).toBe('DataKeyArn');
    expect(c.MasterUserPassword).toBeUndefined();
    expect(c.ManageMasterUserPassword).toEqual({
      'Fn::If': ['RdsManagesPassword', true, { Ref: 'AWS::NoValue' }],
    });
    const [, pg] = only('data', 'AWS::RDS::DBClusterParameterGroup');
    expect(props(pg).Parameters.require_secure_transport).toBe('ON');
    expect(refName(c.DBClusterParameterGroupName)).toBe(only('data', 'AWS::RDS::DBClusterParameterGroup')[0]);

    const instances = ofType('data', 'AWS::RDS::DBInstance').map(([, i]) => props(i));
    expect(instances).toHaveLength(2);
    for (const i of instances) {
      expect(refName(i.DBClusterIdentifier)).toBe(clusterId);
      expect(i.PubliclyAccessible).toBe(false);
      expect(i.Condition).toBeUndefined();
    }
    const azs = instances.map((i) => i.AvailabilityZone['Fn::Select'][0]);
    expect(new Set(azs).size).toBe(2);

    const [, subnets] = only('data', 'AWS::RDS::DBSubnetGroup');
    const fed = producedBy('data', refName(props(subnets).SubnetIds)!).value;
    expect((fed as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1].map(refName).sort()).toEqual(
      subnetsByTier().private.sort(),
    );

    const params = template('data').Parameters!;
    expect(params.SnapshotIdentifier?.Default).toBe('');
    expect(params.GlobalClusterIdentifier?.Default).toBe('');
    expect(c.SnapshotIdentifier['Fn::If'][0]).toBe('IsRestore');
    expect(c.GlobalClusterIdentifier['Fn::If'][0]).toBe('IsSecondary');
    expect(template('data').Conditions?.IsRestore).toEqual({
      'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'SnapshotIdentifier' }, ''] }],
    });
    // No pinned minor version: a restore or a new secondary takes its source's, which drctl
    // passes; an empty EngineVersion leaves the property out (RDS's default).
    expect(params.EngineVersion?.Default).toBe('');
    expect(c.EngineVersion).toEqual({
      'Fn::If': ['HasEngineVersion', { Ref: 'EngineVersion' }, { Ref: 'AWS::NoValue' }],
    });
    expect(template('data').Conditions?.HasEngineVersion).toEqual({
      'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'EngineVersion' }, ''] }],
    });
  });

  it('7. media bucket: public access blocked, KMS by default, versioned, Glacier after 180 days, conditional replication', () => {
    const [, bucket] = only('media', 'AWS::S3::Bucket');
    const b = props(bucket);
    expect(b.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    const sse = b.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault;
    expect(sse).toEqual({ SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { Ref: 'MediaKeyArn' } });
    expect(b.VersioningConfiguration.Status).toBe('Enabled');
    const transition = b.LifecycleConfiguration.Rules[0].Transitions[0];
    expect(transition.StorageClass).toBe('GLACIER');
    expect(Number(template('media').Parameters?.[refName(transition.TransitionInDays)!]?.Default)).toBe(180);
    expect(b.ReplicationConfiguration['Fn::If'][0]).toBe('Replicates');
    expect(JSON.stringify(template('media').Conditions?.Replicates)).toContain(
      'ReplicationDestinationBucketArn',
    );
    const [roleId, role] = only('media', 'AWS::IAM::Role');
    expect(role.Condition).toBe('Replicates');
    expect(b.ReplicationConfiguration['Fn::If'][1].Role).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
    expect(b.ReplicationConfiguration['Fn::If'][2]).toEqual({ Ref: 'AWS::NoValue' });
  });

  it('8. CloudFront with origin access control, bucket readable by that distribution only, HTTPS to viewers and origin', () => {
    const [oacId, oac] = only('media', 'AWS::CloudFront::OriginAccessControl');
    expect(props(oac).OriginAccessControlConfig).toMatchObject({
      SigningBehavior: 'always',
      SigningProtocol: 'sigv4',
    });
    const [distId, dist] = only('media', 'AWS::CloudFront::Distribution');
    const cfg = props(dist).DistributionConfig;
    // biome-ignore lint/suspicious/noExplicitAny: template data.
    const origins = cfg.Origins.map((o: any) => ('Fn::If' in o ? o['Fn::If'][1] : o));
    expect(origins).toHaveLength(2);
    for (const o of origins) expect(o.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [oacId, 'Id'] });
    for (const behaviour of [cfg.DefaultCacheBehavior, ...(cfg.CacheBehaviors ?? [])]) {
      expect(['redirect-to-https', 'https-only']).toContain(behaviour.ViewerProtocolPolicy);
    }
    const [, policy] = only('media', 'AWS::S3::BucketPolicy');
    // biome-ignore lint/suspicious/noExplicitAny: template data.
    const statements: any[] = props(policy).PolicyDocument.Statement;
    const allows = statements.filter((s) => s.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    expect(allows[0].Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
    // This distribution, plus the other region's when it reads this bucket as its failover origin.
    const [cond, both, own] = allows[0].Condition.StringEquals['AWS:SourceArn']['Fn::If'];
    expect(cond).toBe('HasPeerDistribution');
    expect(own['Fn::Sub']).toContain(`distribution/\${${distId}}`);
    expect(both.map((b: { 'Fn::Sub': string }) => b['Fn::Sub'])).toEqual([
      own['Fn::Sub'],
      expect.stringContaining(`distribution/\${PeerDistributionId}`),
    ]);
    const tls = statements.find((s) => s.Effect === 'Deny');
    expect(tls.Condition).toEqual({ Bool: { 'aws:SecureTransport': 'false' } });
  });

  it('9. application secrets come from SSM SecureString parameters by ARN, never from template text', () => {
    const td = template('compute').Resources.TaskDefinition!;
    const container = props(td).ContainerDefinitions[0];
    expect(container.Secrets.length).toBeGreaterThan(0);
    for (const s of container.Secrets) {
      const sub: string = s.ValueFrom['Fn::Sub'];
      const param = /:parameter\$\{(\w+)\}$/.exec(sub)?.[1];
      expect(sub).toMatch(/^arn:\$\{AWS::Partition\}:ssm:\$\{AWS::Region\}:\$\{AWS::AccountId\}:parameter/);
      expect(param && template('compute').Parameters?.[param]).toBeTruthy();
      expect(template('compute').Parameters?.[param!]?.Default).toBeUndefined();
    }
    const envNames = container.Environment.map((e: { Name: string }) => e.Name);
    for (const n of envNames) expect(n).not.toMatch(/PASSWORD|SECRET|TOKEN/);
    for (const [file, t] of Object.entries(templates)) {
      for (const [name, p] of Object.entries(t.Parameters ?? {})) {
        if (/password|secret/i.test(name) && !/ParameterName$|KmsKeyArn$|SecretArn$/.test(name)) {
          expect(p.NoEcho, `${file}.${name}`).toBe(true);
        }
      }
    }
  });

  it('10. IAM roles per purpose, least privilege: no wildcard actions, "*" resources only where AWS allows nothing narrower', () => {
    const UNSCOPABLE = new Set(['ecs:DiscoverPollEndpoint', 'ecr:GetAuthorizationToken']);
    const roles = Object.entries(templates).flatMap(([stack]) => ofType(stack, 'AWS::IAM::Role'));
    expect(roles.length).toBeGreaterThanOrEqual(3);
    const purposes = new Set<string>();
    for (const [id, role] of roles) {
      expect(props(role).ManagedPolicyArns, id).toBeUndefined();
      const trust = props(role).AssumeRolePolicyDocument.Statement;
      expect(trust).toHaveLength(1);
      purposes.add(`${trust[0].Principal.Service}:${id}`);
      for (const s of roleStatements(role)) {
        const actions = asList<string>(s.Action);
        for (const a of actions) expect(a, `${id} ${s.Sid}`).not.toContain('*');
        if (asList(s.Resource).includes('*')) {
          for (const a of actions) expect(UNSCOPABLE.has(a), `${id} ${a} on *`).toBe(true);
        }
      }
    }
    expect([...purposes].some((p) => p.startsWith('ec2.amazonaws.com'))).toBe(true);
    // Execution, task, and the database-init task's execution role.
    expect([...purposes].filter((p) => p.startsWith('ecs-tasks.amazonaws.com'))).toHaveLength(3);
  });

  it('11. outputs drctl needs are there, unconditionally', () => {
    const needed: Record<string, string[]> = {
      edge: ['LoadBalancerArn', 'LoadBalancerDnsName', 'LoadBalancerCanonicalHostedZoneId', 'TargetGroupArn'],
      compute: ['ClusterName', 'ServiceName'],
      data: ['ClusterEndpoint', 'ReaderEndpoint'],
      media: ['BucketName', 'DistributionId', 'DistributionDomainName'],
    };
    for (const [stack, outputs] of Object.entries(needed)) {
      for (const o of outputs) {
        const out = template(stack).Outputs?.[o];
        expect(out, `${stack}.${o}`).toBeDefined();
        expect(out?.Condition, `${stack}.${o}`).toBeUndefined();
      }
    }
    expect(template('edge').Outputs?.LoadBalancerCanonicalHostedZoneId?.Value).toEqual({
      'Fn::GetAtt': ['LoadBalancer', 'CanonicalHostedZoneID'],
    });
  });

  it('12. room to evolve: LaunchType EC2|FARGATE drops the instances; Aurora Serverless v2 by parameter', () => {
    const t = template('compute');
    expect(t.Parameters?.LaunchType?.AllowedValues).toEqual(['EC2', 'FARGATE']);
    expect(t.Conditions?.IsEc2).toEqual({ 'Fn::Equals': [{ Ref: 'LaunchType' }, 'EC2'] });
    const ec2Only = [
      'AWS::EC2::LaunchTemplate',
      'AWS::AutoScaling::AutoScalingGroup',
      'AWS::ECS::CapacityProvider',
    ];
    const alarmsOnly = ['AWS::AutoScaling::ScalingPolicy', 'AWS::CloudWatch::Alarm'];
    expect(t.Conditions?.ScalesOnAlarms).toEqual({
      'Fn::And': [{ Condition: 'IsEc2' }, { 'Fn::Equals': [{ Ref: 'InstanceScaling' }, 'cpu-alarms'] }],
    });
    for (const [id, r] of Object.entries(t.Resources)) {
      if (id.startsWith('DbInit')) continue;
      const expected = ec2Only.includes(r.Type)
        ? 'IsEc2'
        : alarmsOnly.includes(r.Type)
          ? 'ScalesOnAlarms'
          : undefined;
      expect(r.Condition, id).toBe(expected);
    }
    for (const [, r] of ofType('compute', 'AWS::ECS::TaskDefinition')) {
      expect(props(r).NetworkMode).toBe('awsvpc');
      expect(props(r).RequiresCompatibilities).toEqual([{ Ref: 'LaunchType' }]);
    }

    const d = template('data');
    expect(d.Parameters?.DbCapacityMode?.AllowedValues).toContain('serverless');
    const c = props(only('data', 'AWS::RDS::DBCluster')[1]);
    expect(c.ServerlessV2ScalingConfiguration['Fn::If'][0]).toBe('IsServerless');
    for (const [, i] of ofType('data', 'AWS::RDS::DBInstance')) {
      expect(props(i).DBInstanceClass).toEqual({
        'Fn::If': ['IsServerless', 'db.serverless', { Ref: 'DbInstanceClass' }],
      });
    }
  });
});
