/** Load balancing, networking, secrets/config and scaling cases (see cfn-type-cases.ts). */
import {
  DescribeAddressesCommand,
  DescribeLaunchTemplatesCommand,
  DescribeNatGatewaysCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  DescribeListenerCertificatesCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { jsonCall, queryCall } from '../harness/raw-aws.js';
import {
  aurora,
  CASE_REGION,
  cfg,
  type Deployed,
  edge,
  expectIncludes,
  NETWORK,
  type TypeCase,
} from './cfn-type-cases.js';

const json = (d: Deployed, signing: string, target: string, body: Record<string, unknown> = {}) =>
  jsonCall(d.endpoint, CASE_REGION, signing, target, body).then((r) => JSON.stringify(r));
const elb = (d: Deployed) => new ElasticLoadBalancingV2Client(cfg(d));
const ec2 = (d: Deployed) => new EC2Client(cfg(d));

const platform: TypeCase = {
  name: 'platform',
  types: [
    'AWS::EC2::EIP',
    'AWS::EC2::NatGateway',
    'AWS::ElasticLoadBalancingV2::LoadBalancer',
    'AWS::ElasticLoadBalancingV2::TargetGroup',
    'AWS::ElasticLoadBalancingV2::Listener',
    'AWS::ElasticLoadBalancingV2::ListenerCertificate',
    'AWS::ElasticLoadBalancingV2::ListenerRule',
    'AWS::KMS::Key',
    'AWS::KMS::Alias',
    'AWS::SSM::Parameter',
    'AWS::Logs::LogGroup',
    'AWS::SecretsManager::Secret',
  ],
  template: `Resources:${NETWORK}
  Eip:
    Type: AWS::EC2::EIP
    Properties: {Domain: vpc}
  Nat:
    Type: AWS::EC2::NatGateway
    Properties: {AllocationId: !GetAtt Eip.AllocationId, SubnetId: !Ref SubnetA}
  Cert:
    Type: AWS::CertificateManager::Certificate
    Properties: {DomainName: www.example.com, ValidationMethod: DNS}
  ExtraCert:
    Type: AWS::CertificateManager::Certificate
    Properties: {DomainName: shop.example.com, ValidationMethod: DNS}
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: {Subnets: [!Ref SubnetA, !Ref SubnetB], Scheme: internet-facing, Type: application}
  Tg:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties: {VpcId: !Ref Vpc, Port: 80, Protocol: HTTP, TargetType: ip, HealthCheckPath: /healthz}
  Https:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Alb
      Port: 443
      Protocol: HTTPS
      Certificates: [{CertificateArn: !Ref Cert}]
      DefaultActions: [{Type: forward, TargetGroupArn: !Ref Tg}]
  HttpsExtraCert:
    Type: AWS::ElasticLoadBalancingV2::ListenerCertificate
    Properties: {ListenerArn: !Ref Https, Certificates: [{CertificateArn: !Ref ExtraCert}]}
  ApiRule:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      ListenerArn: !Ref Https
      Priority: 10
      Conditions: [{Field: path-pattern, Values: [/api/*]}]
      Actions: [{Type: forward, TargetGroupArn: !Ref Tg}]
  Key:
    Type: AWS::KMS::Key
    Properties: {KeyPolicy: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {AWS: '*'}, Action: 'kms:*', Resource: '*'}]}}
  KeyAlias:
    Type: AWS::KMS::Alias
    Properties: {AliasName: alias/shop-emulator, TargetKeyId: !Ref Key}
  DbHost:
    Type: AWS::SSM::Parameter
    Properties: {Name: /shop/emulator/db-host, Type: String, Value: db.internal}
  AppLogs:
    Type: AWS::Logs::LogGroup
    Properties: {LogGroupName: /shop/emulator/web, RetentionInDays: 30}
  DbSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: shop/emulator/db
      GenerateSecretString: {SecretStringTemplate: '{"username":"admin"}', GenerateStringKey: password, PasswordLength: 24}
Outputs:
  AlbDns: {Value: !GetAtt Alb.DNSName}
  AlbZone: {Value: !GetAtt Alb.CanonicalHostedZoneID}
`,
  checks: {
    'AWS::EC2::EIP': async (d) => {
      const r = await ec2(d).send(new DescribeAddressesCommand({}));
      if (!r.Addresses?.some((a) => a.PublicIp === d.physical.Eip)) throw new Error('EIP not found');
    },
    'AWS::EC2::NatGateway': async (d) => {
      const r = await ec2(d).send(new DescribeNatGatewaysCommand({ NatGatewayIds: [d.physical.Nat!] }));
      if (r.NatGateways?.length !== 1) throw new Error('NAT gateway not found');
    },
    'AWS::ElasticLoadBalancingV2::LoadBalancer': async (d) => {
      const r = await elb(d).send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [d.physical.Alb!] }));
      const lb = r.LoadBalancers?.[0];
      if (lb?.DNSName !== d.outputs.AlbDns || lb?.CanonicalHostedZoneId !== d.outputs.AlbZone) {
        throw new Error(`ALB ${lb?.DNSName}/${lb?.CanonicalHostedZoneId} differs from outputs`);
      }
    },
    'AWS::ElasticLoadBalancingV2::TargetGroup': (d) =>
      elb(d).send(new DescribeTargetGroupsCommand({ TargetGroupArns: [d.physical.Tg!] })),
    'AWS::ElasticLoadBalancingV2::Listener': (d) =>
      elb(d).send(new DescribeListenersCommand({ ListenerArns: [d.physical.Https!] })),
    'AWS::ElasticLoadBalancingV2::ListenerCertificate': async (d) => {
      const r = await elb(d).send(new DescribeListenerCertificatesCommand({ ListenerArn: d.physical.Https }));
      if ((r.Certificates ?? []).length < 2)
        throw new Error(`listener has ${JSON.stringify(r.Certificates)}`);
    },
    'AWS::ElasticLoadBalancingV2::ListenerRule': async (d) => {
      const r = await elb(d).send(new DescribeRulesCommand({ ListenerArn: d.physical.Https }));
      if (!r.Rules?.some((rule) => rule.Priority === '10')) throw new Error('rule not found');
    },
    'AWS::KMS::Key': async (d) =>
      expectIncludes(
        await json(d, 'kms', 'TrentService.DescribeKey', { KeyId: d.physical.Key }),
        d.physical.Key!,
        'DescribeKey',
      ),
    'AWS::KMS::Alias': async (d) =>
      expectIncludes(await json(d, 'kms', 'TrentService.ListAliases'), 'alias/shop-emulator', 'ListAliases'),
    'AWS::SSM::Parameter': (d) =>
      new SSMClient(cfg(d)).send(new GetParameterCommand({ Name: '/shop/emulator/db-host' })),
    'AWS::Logs::LogGroup': async (d) =>
      expectIncludes(
        await json(d, 'logs', 'Logs_20140328.DescribeLogGroups', { logGroupNamePrefix: '/shop/emulator' }),
        '/shop/emulator/web',
        'DescribeLogGroups',
      ),
    'AWS::SecretsManager::Secret': async (d) =>
      expectIncludes(
        await json(d, 'secretsmanager', 'secretsmanager.DescribeSecret', { SecretId: d.physical.DbSecret }),
        'shop/emulator/db',
        'DescribeSecret',
      ),
  },
};

const scaling: TypeCase = {
  name: 'scaling',
  types: [
    'AWS::EC2::LaunchTemplate',
    'AWS::AutoScaling::ScalingPolicy',
    'AWS::CloudWatch::Alarm',
    'AWS::ECS::CapacityProvider',
    'AWS::ECS::ClusterCapacityProviderAssociations',
    'AWS::ApplicationAutoScaling::ScalableTarget',
    'AWS::ApplicationAutoScaling::ScalingPolicy',
  ],
  template: `Resources:${NETWORK}
  LaunchTemplate:
    Type: AWS::EC2::LaunchTemplate
    Properties: {LaunchTemplateName: shop-emulator-ecs, LaunchTemplateData: {ImageId: ami-12c6146b, InstanceType: t3.micro}}
  Asg:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      MinSize: '1'
      MaxSize: '3'
      VPCZoneIdentifier: [!Ref SubnetA, !Ref SubnetB]
      LaunchTemplate: {LaunchTemplateId: !Ref LaunchTemplate, Version: !GetAtt LaunchTemplate.LatestVersionNumber}
  ScaleOut:
    Type: AWS::AutoScaling::ScalingPolicy
    Properties: {AutoScalingGroupName: !Ref Asg, AdjustmentType: ChangeInCapacity, ScalingAdjustment: 1, Cooldown: 120}
  HighCpu:
    Type: AWS::CloudWatch::Alarm
    Properties:
      AlarmName: shop-emulator-high-cpu
      Namespace: AWS/EC2
      MetricName: CPUUtilization
      Statistic: Average
      Period: 60
      EvaluationPeriods: 3
      Threshold: 70
      ComparisonOperator: GreaterThanThreshold
      Dimensions: [{Name: AutoScalingGroupName, Value: !Ref Asg}]
      AlarmActions: [!Ref ScaleOut]
  Cluster:
    Type: AWS::ECS::Cluster
  CapacityProvider:
    Type: AWS::ECS::CapacityProvider
    Properties:
      AutoScalingGroupProvider: {AutoScalingGroupArn: !Ref Asg, ManagedScaling: {Status: ENABLED, TargetCapacity: 100}}
  Associations:
    Type: AWS::ECS::ClusterCapacityProviderAssociations
    Properties:
      Cluster: !Ref Cluster
      CapacityProviders: [!Ref CapacityProvider]
      DefaultCapacityProviderStrategy: [{CapacityProvider: !Ref CapacityProvider, Weight: 1}]
  TaskDef:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: web
      ContainerDefinitions: [{Name: web, Image: nginx, Memory: 256, PortMappings: [{ContainerPort: 80}]}]
  Service:
    Type: AWS::ECS::Service
    Properties: {Cluster: !Ref Cluster, TaskDefinition: !Ref TaskDef, DesiredCount: 2, ServiceName: web}
  ScalableTarget:
    Type: AWS::ApplicationAutoScaling::ScalableTarget
    Properties:
      ServiceNamespace: ecs
      ScalableDimension: ecs:service:DesiredCount
      ResourceId: !Sub service/\${Cluster}/\${Service.Name}
      MinCapacity: 2
      MaxCapacity: 6
      RoleARN: arn:aws:iam::123456789012:role/ecs-autoscale
  CpuTracking:
    Type: AWS::ApplicationAutoScaling::ScalingPolicy
    Properties:
      PolicyName: cpu
      PolicyType: TargetTrackingScaling
      ScalingTargetId: !Ref ScalableTarget
      TargetTrackingScalingPolicyConfiguration:
        TargetValue: 60
        PredefinedMetricSpecification: {PredefinedMetricType: ECSServiceAverageCPUUtilization}
Outputs:
  AlarmArn: {Value: !GetAtt HighCpu.Arn}
`,
  checks: {
    'AWS::EC2::LaunchTemplate': async (d) => {
      const r = await ec2(d).send(
        new DescribeLaunchTemplatesCommand({ LaunchTemplateIds: [d.physical.LaunchTemplate!] }),
      );
      if (r.LaunchTemplates?.[0]?.LaunchTemplateName !== 'shop-emulator-ecs')
        throw new Error('launch template not found');
    },
    'AWS::AutoScaling::ScalingPolicy': async (d) =>
      expectIncludes(
        await queryCall(d.endpoint, CASE_REGION, 'autoscaling', '2011-01-01', 'DescribePolicies'),
        d.physical.ScaleOut!,
        'DescribePolicies',
      ),
    'AWS::CloudWatch::Alarm': async (d) => {
      const xml = await queryCall(d.endpoint, CASE_REGION, 'monitoring', '2010-08-01', 'DescribeAlarms');
      expectIncludes(xml, 'shop-emulator-high-cpu', 'DescribeAlarms');
      expectIncludes(xml, d.physical.ScaleOut!, 'alarm action');
    },
    'AWS::ECS::CapacityProvider': async (d) =>
      expectIncludes(
        await json(d, 'ecs', 'AmazonEC2ContainerServiceV20141113.DescribeCapacityProviders'),
        d.physical.CapacityProvider!,
        'DescribeCapacityProviders',
      ),
    'AWS::ECS::ClusterCapacityProviderAssociations': async (d) => {
      const text = await json(d, 'ecs', 'AmazonEC2ContainerServiceV20141113.DescribeClusters', {
        clusters: [d.physical.Cluster],
      });
      expectIncludes(
        text,
        `"capacityProviders":["${d.physical.CapacityProvider}"]`,
        'cluster capacity providers',
      );
    },
    'AWS::ApplicationAutoScaling::ScalableTarget': async (d) =>
      expectIncludes(
        await json(d, 'application-autoscaling', 'AnyScaleFrontendService.DescribeScalableTargets', {
          ServiceNamespace: 'ecs',
        }),
        '/web',
        'DescribeScalableTargets',
      ),
    'AWS::ApplicationAutoScaling::ScalingPolicy': async (d) =>
      expectIncludes(
        await json(d, 'application-autoscaling', 'AnyScaleFrontendService.DescribeScalingPolicies', {
          ServiceNamespace: 'ecs',
        }),
        d.physical.CpuTracking!,
        'DescribeScalingPolicies',
      ),
  },
};

export const TYPE_CASES: TypeCase[] = [aurora, edge, platform, scaling];
