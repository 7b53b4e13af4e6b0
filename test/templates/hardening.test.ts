/**
 * The production review's gaps (issue 17), one test each, on the parsed templates with the
 * options on and off (test/templates/resolve.ts decides the conditions).
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { listEnvs, loadEnvFile } from '../../src/templates/render.js';
import { dir, only, props, roleStatements, sourceOf, template, templates } from './blueprint.js';
import { condition, resolve, resourcesFor } from './resolve.js';

const envs = Object.fromEntries(listEnvs(dir).map((e) => [e, loadEnvFile(dir, e)]));
const pattern = (stack: string, param: string) =>
  new RegExp(String(template(stack).Parameters?.[param]?.AllowedPattern));
const ACCOUNT = '123456789012';

describe('media: origin group, own name and certificate, WAF', () => {
  const t = template('media');
  const replicated = {
    ReplicationDestinationBucketArn: 'arn:aws:s3:::shop-prod-media-123456789012-ap-southeast-1',
    ReplicationDestinationKmsKeyArn: `arn:aws:kms:ap-southeast-1:${ACCOUNT}:key/abc`,
    ReplicationDestinationRegion: 'ap-southeast-1',
  };
  const distribution = (params: Record<string, string>) =>
    resourcesFor(t, params).Distribution!.Properties.DistributionConfig;

  it('fails over from the primary bucket to the replica bucket through an origin group', () => {
    const cfg = distribution(replicated);
    expect(cfg.Origins.map((o: { Id: string }) => o.Id)).toEqual(['media', 'media-replica']);
    expect(cfg.Origins[0].DomainName).toEqual({ 'Fn::GetAtt': ['Bucket', 'RegionalDomainName'] });
    const replica = cfg.Origins[1].DomainName['Fn::Sub'];
    expect(replica[0]).toBe(`\${Replica}.s3.\${ReplicationDestinationRegion}.amazonaws.com`);
    expect(replica[1].Replica).toEqual({
      'Fn::Select': [5, { 'Fn::Split': [':', { Ref: 'ReplicationDestinationBucketArn' }] }],
    });
    // The ARN's sixth ':'-field is the bucket name.
    expect(replicated.ReplicationDestinationBucketArn.split(':')[5]).toBe(
      'shop-prod-media-123456789012-ap-southeast-1',
    );
    const [group] = cfg.OriginGroups.Items;
    expect(cfg.OriginGroups.Quantity).toBe(1);
    expect(group.Members.Items).toEqual([{ OriginId: 'media' }, { OriginId: 'media-replica' }]);
    expect(group.FailoverCriteria.StatusCodes.Items).toEqual([500, 502, 503, 504]);
    expect(cfg.DefaultCacheBehavior.TargetOriginId).toBe(group.Id);
    // Origin groups serve only GET, HEAD (and OPTIONS).
    expect(cfg.DefaultCacheBehavior.AllowedMethods).toEqual(['GET', 'HEAD']);
  });

  it('has one origin and no group without replication (or without the replica region)', () => {
    for (const params of [{}, { ...replicated, ReplicationDestinationRegion: '' }]) {
      const cfg = distribution(params);
      expect(cfg.Origins.map((o: { Id: string }) => o.Id)).toEqual(['media']);
      expect(cfg.OriginGroups).toBeUndefined();
      expect(cfg.DefaultCacheBehavior.TargetOriginId).toBe('media');
    }
  });

  it('admits the other region’s distribution to this bucket when it is given', () => {
    const policy = (p: Record<string, string>) =>
      resourcesFor(t, p).BucketPolicy!.Properties.PolicyDocument.Statement[0].Condition.StringEquals[
        'AWS:SourceArn'
      ];
    expect(policy({})['Fn::Sub']).toContain(`distribution/\${Distribution}`);
    expect(policy({ PeerDistributionId: 'E2ABCDEF123456' })).toHaveLength(2);
    expect(pattern('media', 'PeerDistributionId').test('E2ABCDEF123456')).toBe(true);
  });

  it('serves the site’s own name on its us-east-1 certificate with TLS 1.2 minimum, or the CloudFront name', () => {
    const own = {
      AliasDomainName: 'media.example.com',
      ViewerCertificateArn: `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/abc-123`,
    };
    const cfg = distribution(own);
    expect(cfg.Aliases).toEqual([{ Ref: 'AliasDomainName' }]);
    expect(cfg.ViewerCertificate).toEqual({
      AcmCertificateArn: { Ref: 'ViewerCertificateArn' },
      SslSupportMethod: 'sni-only',
      MinimumProtocolVersion: 'TLSv1.2_2021',
    });
    expect(distribution({}).ViewerCertificate).toEqual({ CloudFrontDefaultCertificate: true });
    expect(distribution({}).Aliases).toBeUndefined();
    const cert = pattern('media', 'ViewerCertificateArn');
    expect(cert.test(own.ViewerCertificateArn)).toBe(true);
    expect(cert.test(`arn:aws:acm:ap-southeast-1:${ACCOUNT}:certificate/abc-123`)).toBe(false);
    // Both or neither (CloudFormation Rules), and the application is told the name viewers use.
    const rules = JSON.stringify(t.Rules);
    expect(rules).toContain('AliasNeedsCertificate');
    expect(rules).toContain('CertificateNeedsAlias');
    expect(resolve(t, t.Outputs?.ViewerDomainName?.Value, own)).toEqual({ Ref: 'AliasDomainName' });
    expect(sourceOf('compute', 'MediaDomainName')).toEqual({ from: 'media', output: 'ViewerDomainName' });
    expect(sourceOf('media', 'ViewerCertificateArn')).toEqual({ env: 'MediaCertificateArn', optional: true });
  });

  it('takes a CLOUDFRONT-scope WAF web ACL for the distribution, and a regional one for the ALB', () => {
    const acl = `arn:aws:wafv2:us-east-1:${ACCOUNT}:global/webacl/shop/0123`;
    expect(distribution({ WebAclArn: acl }).WebACLId).toEqual({ Ref: 'WebAclArn' });
    expect(distribution({}).WebACLId).toBeUndefined();
    expect(pattern('media', 'WebAclArn').test(acl)).toBe(true);
    expect(
      pattern('media', 'WebAclArn').test(`arn:aws:wafv2:us-west-2:${ACCOUNT}:regional/webacl/shop/0123`),
    ).toBe(false);

    const edge = template('edge');
    const regional = `arn:aws:wafv2:us-west-2:${ACCOUNT}:regional/webacl/shop/0123`;
    expect(resourcesFor(edge, { WebAclArn: regional }).WebAclAssociation?.Properties).toEqual({
      ResourceArn: { Ref: 'LoadBalancer' },
      WebACLArn: { Ref: 'WebAclArn' },
    });
    expect(resourcesFor(edge).WebAclAssociation).toBeUndefined();
    expect(pattern('edge', 'WebAclArn').test(regional)).toBe(true);
    expect(pattern('edge', 'WebAclArn').test(acl)).toBe(false);
  });
});

describe('edge: ALB access logs', () => {
  const t = template('edge');
  const r = resourcesFor(t);

  it('logs to a private bucket of the stack, SSE-S3 (the only encryption ALB log delivery supports), expiring', () => {
    const attrs = Object.fromEntries(
      r.LoadBalancer!.Properties.LoadBalancerAttributes.map((a: { Key: string; Value: unknown }) => [
        a.Key,
        a.Value,
      ]),
    );
    expect(attrs['access_logs.s3.enabled']).toBe('true');
    expect(attrs['access_logs.s3.bucket']).toEqual({ Ref: 'AccessLogBucket' });
    expect(attrs['access_logs.s3.prefix']).toBe('alb');
    const b = r.AccessLogBucket!.Properties;
    expect(b.PublicAccessBlockConfiguration).toMatchObject({
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });
    expect(b.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({
      SSEAlgorithm: 'AES256',
    });
    expect(b.LifecycleConfiguration.Rules[0].ExpirationInDays).toEqual({ Ref: 'AccessLogRetentionDays' });
    expect(t.Resources.AccessLogBucket?.DeletionPolicy).toBe('Retain');
    expect(t.Resources.LoadBalancer?.DependsOn).toBe('AccessLogBucketPolicy');
  });

  it('lets exactly the Region’s log writer put objects under alb/AWSLogs/<account>/', () => {
    const [write] = r.AccessLogBucketPolicy!.Properties.PolicyDocument.Statement;
    expect(write.Action).toBe('s3:PutObject');
    expect(write.Resource).toEqual({ 'Fn::Sub': `\${AccessLogBucket.Arn}/alb/AWSLogs/\${AWS::AccountId}/*` });
    const map = (t as unknown as { Mappings: Record<string, Record<string, { Account: string }>> }).Mappings
      .ElbLogWriter!;
    // AWS docs: Regions before August 2022 name their ELB account; later ones the service principal.
    expect(map['us-east-1']?.Account).toBe('127311923021');
    expect(map['us-west-2']?.Account).toBe('797873946194');
    expect(map['ap-southeast-1']?.Account).toBe('114774131450');
    expect(map['ap-south-2']?.Account).toBe('service');
    for (const [region, { Account }] of Object.entries(map))
      expect(Account, region).toMatch(/^(\d{12}|service)$/);
    const policy = props(template('edge').Resources.AccessLogBucketPolicy!).PolicyDocument;
    const [, service, account] = policy.Statement[0].Principal['Fn::If'];
    expect(service).toEqual({ Service: 'logdelivery.elasticloadbalancing.amazonaws.com' });
    expect(account.AWS['Fn::Sub'][0]).toBe(`arn:\${AWS::Partition}:iam::\${Writer}:root`);
  });
});

/** ENIs, vCPU and memory (MiB) of the instance types the env files use (EC2 docs). */
const INSTANCE: Record<string, { enis: number; cpu: number; mem: number }> = {
  't3.small': { enis: 3, cpu: 2048, mem: 2048 },
  't3.medium': { enis: 3, cpu: 2048, mem: 4096 },
  'm6i.large': { enis: 3, cpu: 2048, mem: 8192 },
};

describe('compute: capacity, rolling updates, x86 only', () => {
  it('every env fits a rolling deploy (200 %) at its desired and at its maximum task count, without ENI trunking', () => {
    const svc = props(template('compute').Resources.Service!);
    expect(svc.DeploymentConfiguration.MaximumPercent).toBe(200);
    for (const [env, e] of Object.entries(envs)) {
      const i = INSTANCE[String(e.InstanceType)];
      expect(i, `${env} ${e.InstanceType}: add it to INSTANCE`).toBeDefined();
      // awsvpc: one ENI per task, the instance keeps its primary; ECS keeps ~10 % of memory.
      const slots = Math.min(
        i!.enis - 1,
        Math.floor(i!.cpu / Number(e.TaskCpu)),
        Math.floor((i!.mem * 0.9) / Number(e.TaskMemory)),
      );
      expect(Number(e.AsgDesiredCapacity) * slots, `${env}: deploy at desired`).toBeGreaterThanOrEqual(
        2 * Number(e.ServiceDesiredCount),
      );
      expect(Number(e.AsgMaxSize) * slots, `${env}: deploy at max`).toBeGreaterThanOrEqual(
        2 * Number(e.ServiceMaxCount),
      );
    }
  });

  it('adds instances for tasks that wait for room (managed scaling), not on a CPU figure that cannot reach its threshold', () => {
    const t = template('compute');
    expect(condition(t, 'ScalesOnAlarms', {})).toBe(false);
    const cp = resourcesFor(t).CapacityProvider!.Properties.AutoScalingGroupProvider;
    expect(cp.ManagedScaling).toMatchObject({ Status: 'ENABLED', MinimumScalingStepSize: 1 });
    expect(Number(t.Parameters?.CapacityTargetPercent?.Default)).toBe(100);
    expect(cp.ManagedDraining).toBe('ENABLED');
    expect(resourcesFor(t, { InstanceScaling: 'cpu-alarms' }).CpuHighAlarm).toBeDefined();
    expect(resourcesFor(t).CpuHighAlarm).toBeUndefined();
  });

  it('rolls instances to a new launch template (new AMI) one at a time, keeping the minimum in service', () => {
    const [, asg] = only('compute', 'AWS::AutoScaling::AutoScalingGroup');
    expect(asg.UpdatePolicy?.AutoScalingRollingUpdate).toMatchObject({
      MinInstancesInService: { Ref: 'AsgMinSize' },
      MaxBatchSize: 1,
    });
    expect(props(asg).LaunchTemplate.Version).toEqual({
      'Fn::GetAtt': ['LaunchTemplate', 'LatestVersionNumber'],
    });
    // CloudFormation needs MinInstancesInService below MaxSize.
    for (const [env, e] of Object.entries(envs))
      expect(Number(e.AsgMinSize), env).toBeLessThan(Number(e.AsgMaxSize));
  });

  it('refuses Graviton instance types while the AMI and the task platform are x86_64', () => {
    const re = pattern('compute', 'InstanceType');
    for (const ok of [
      'm6i.large',
      't3.medium',
      't3a.small',
      'c5n.xlarge',
      'm7i-flex.large',
      'g4dn.xlarge',
      'r5d.2xlarge',
      'c7a.large',
    ])
      expect(re.test(ok), ok).toBe(true);
    for (const arm of [
      't4g.medium',
      'm6g.large',
      'm7g.large',
      'c6gn.xlarge',
      'r8g.large',
      'x2gd.large',
      'a1.large',
      'im4gn.large',
      'g5g.xlarge',
      'c7gd.large',
    ])
      expect(re.test(arm), arm).toBe(false);
    for (const e of Object.values(envs)) expect(re.test(String(e.InstanceType))).toBe(true);
    const t = template('compute');
    expect(String(t.Parameters?.EcsAmiId?.Default)).not.toMatch(/arm64/);
    for (const [id, r] of Object.entries(t.Resources).filter(
      ([, r]) => r.Type === 'AWS::ECS::TaskDefinition',
    ))
      expect(props(r).RuntimePlatform.CpuArchitecture, id).toBe('X86_64');
  });
});

describe('data: Global Database classes, the application user, IAM auth', () => {
  it('every env uses a class Aurora Global Database supports, and the template refuses burstable ones', () => {
    const re = pattern('data', 'DbInstanceClass');
    for (const [env, e] of Object.entries(envs)) expect(re.test(String(e.DbInstanceClass)), env).toBe(true);
    for (const t of ['db.t4g.medium', 'db.t3.medium', 'db.t4g.large']) expect(re.test(t), t).toBe(false);
    for (const ok of ['db.r6g.large', 'db.r5.large', 'db.r7g.xlarge', 'db.r6i.large'])
      expect(re.test(ok), ok).toBe(true);
  });

  it('a one-off task creates the application user (password from Parameter Store, TLS required) in a fresh cluster', () => {
    const t = template('compute');
    const r = resourcesFor(t, {
      DbInitSecretArn: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:rds!cluster-1-AbCdEf`,
    });
    const c = r.DbInitTaskDefinition!.Properties.ContainerDefinitions[0];
    const env = Object.fromEntries(
      c.Environment.map((e: { Name: string; Value: unknown }) => [e.Name, e.Value]),
    );
    // The same user and database the application connects as.
    const app = props(t.Resources.TaskDefinition!).ContainerDefinitions[0].Environment;
    expect(env.DB_USER).toEqual(app.find((e: { Name: string }) => e.Name === 'DB_USER').Value);
    expect(env.DB_HOST).toEqual({ Ref: 'DbEndpoint' });
    const secrets = Object.fromEntries(
      c.Secrets.map((s: { Name: string; ValueFrom: unknown }) => [s.Name, s.ValueFrom]),
    );
    expect(secrets.MASTER_USERNAME).toEqual({ 'Fn::Sub': `\${DbInitSecretArn}:username::` });
    expect(secrets.MYSQL_PWD).toEqual({ 'Fn::Sub': `\${DbInitSecretArn}:password::` });
    expect(secrets.APP_DB_PASSWORD['Fn::Sub']).toMatch(/:parameter\$\{DbPasswordParameterName\}$/);
    const script: string = c.Command[0];
    expect(c.EntryPoint).toEqual(['sh', '-c']);
    expect(script).toContain("CREATE USER IF NOT EXISTS '$DB_USER'@'%'");
    expect(script).toContain('REQUIRE SSL');
    expect(script).toContain('ON $DB_NAME.* TO');
    expect(script).toContain('--ssl-mode=REQUIRED');
    expect(script).not.toMatch(/--password|-p"/);
    execFileSync('sh', ['-n', '-c', script]);
    // Its execution role reads exactly that secret and that parameter.
    const stmts = roleStatements({ Type: 'AWS::IAM::Role', Properties: r.DbInitExecutionRole!.Properties });
    expect(stmts.find((s) => s.Sid === 'MasterSecret').Resource).toEqual({ Ref: 'DbInitSecretArn' });
    // A Global Database secondary has no master secret of its own: no init task there.
    expect(resourcesFor(t, { DbInitSecretArn: 'none' }).DbInitTaskDefinition).toBeUndefined();
    expect(
      resolve(template('data'), template('data').Outputs?.DbInitSecretArn?.Value, {
        GlobalClusterIdentifier: 'g',
      }),
    ).toBe('none');
    expect(sourceOf('compute', 'DbInitSecretArn')).toEqual({ from: 'data', output: 'DbInitSecretArn' });
  });

  it('both instances send Enhanced Monitoring OS metrics every 60 s with the security stack’s role', () => {
    const d = template('data');
    expect(Number(d.Parameters?.MonitoringIntervalSeconds?.Default)).toBe(60);
    for (const id of ['WriterInstance', 'ReaderInstance']) {
      const p = resourcesFor(d)[id]!.Properties;
      expect(p.MonitoringInterval).toEqual({ Ref: 'MonitoringIntervalSeconds' });
      expect(p.MonitoringRoleArn).toEqual({ Ref: 'MonitoringRoleArn' });
      expect(
        resourcesFor(d, { MonitoringIntervalSeconds: '0' })[id]!.Properties.MonitoringRoleArn,
      ).toBeUndefined();
    }
    expect(sourceOf('data', 'MonitoringRoleArn')).toEqual({ from: 'security', output: 'MonitoringRoleArn' });
    const role = template('security').Resources.MonitoringRole!;
    expect(props(role).AssumeRolePolicyDocument.Statement[0].Principal).toEqual({
      Service: 'monitoring.rds.amazonaws.com',
    });
  });

  it('IAM database authentication is off, and nothing grants rds-db:connect', () => {
    expect(props(only('data', 'AWS::RDS::DBCluster')[1]).EnableIAMDatabaseAuthentication).toBe(false);
    expect(JSON.stringify(templates)).not.toContain('rds-db:connect');
  });
});
