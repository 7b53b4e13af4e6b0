import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  type StackStatus,
  UpdateStackCommand,
} from '@aws-sdk/client-cloudformation';
import {
  DescribeLoadBalancersCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { callAws } from '../../../src/aws/call.js';
import { ClientFactory } from '../../../src/aws/clients.js';
import { APP_TAG, CloudFormationStacks, operationEvents } from '../../../src/aws/cloudformation-stacks.js';
import { Elbv2LoadBalancers } from '../../../src/aws/elbv2-load-balancers.js';
import { StsIdentity } from '../../../src/aws/sts-identity.js';
import { noWait } from '../../helpers/retry.js';

const cfn = mockClient(CloudFormationClient);
const elb = mockClient(ElasticLoadBalancingV2Client);
const sts = mockClient(STSClient);
const factory = new ClientFactory({ endpointUrl: 'http://127.0.0.1:1', retry: noWait });
const err = (name: string, message: string) => Object.assign(new Error(message), { name, $metadata: {} });

beforeEach(() => {
  cfn.reset();
  elb.reset();
  sts.reset();
});

describe('ClientFactory', () => {
  it('sets region, profile, endpoint, one SDK attempt (callAws retries) and the drctl user agent', () => {
    const f = new ClientFactory({ profile: 'dr', endpointUrl: 'http://127.0.0.1:5000' });
    expect(f.config('us-east-1')).toEqual({
      region: 'us-east-1',
      profile: 'dr',
      endpoint: 'http://127.0.0.1:5000',
      maxAttempts: 1,
      customUserAgent: expect.stringMatching(/^drctl\/\d+\.\d+\.\d+/),
      requestHandler: { requestTimeout: 30_000, connectionTimeout: 10_000, throwOnRequestTimeout: true },
    });
  });

  it('caches one client per service and region, and puts Route 53 in us-east-1', async () => {
    const f = new ClientFactory();
    expect(f.cloudFormation('us-east-1')).toBe(f.cloudFormation('us-east-1'));
    expect(f.cloudFormation('us-east-1')).not.toBe(f.cloudFormation('us-west-2'));
    expect(await f.route53().config.region()).toBe('us-east-1');
    f.destroy();
  });
});

describe('callAws', () => {
  it('turns missing credentials into a sentence with the fix', async () => {
    const e = await callAws(
      'STS GetCallerIdentity',
      () => Promise.reject(err('CredentialsProviderError', 'Could not load credentials from any providers')),
      noWait,
    ).catch((x) => x);
    expect(e.code).toBe('AWS_CREDENTIALS');
    expect(e.message).toBe(
      'STS GetCallerIdentity failed: no valid AWS credentials (Could not load credentials from any providers).',
    );
    expect(e.hints[0]).toMatch(/--profile/);
  });

  it('points at drctl iam-policy when access is denied', async () => {
    const e = await callAws(
      'Route 53 GetChange',
      () => Promise.reject(err('AccessDenied', 'not allowed')),
      noWait,
    ).catch((x) => x);
    expect(e.message).toBe('Route 53 GetChange was denied: not allowed');
    expect(e.hints[0]).toMatch(/drctl iam-policy/);
  });
});

describe('Elbv2LoadBalancers', () => {
  it('pages through every load balancer of a region', async () => {
    elb
      .on(DescribeLoadBalancersCommand)
      .resolvesOnce({
        LoadBalancers: [
          {
            LoadBalancerArn: 'arn:1',
            LoadBalancerName: 'a',
            DNSName: 'a.elb',
            CanonicalHostedZoneId: 'Z1',
            State: { Code: 'active' },
            IpAddressType: 'dualstack',
          },
        ],
        NextMarker: 'm1',
      })
      .resolvesOnce({
        LoadBalancers: [
          {
            LoadBalancerArn: 'arn:2',
            LoadBalancerName: 'b',
            DNSName: 'b.elb',
            State: { Code: 'provisioning' },
          },
        ],
      });
    const lbs = await new Elbv2LoadBalancers(factory).list('us-east-1');
    expect(lbs.map((l) => [l.name, l.state, l.region, l.ipAddressType])).toEqual([
      ['a', 'active', 'us-east-1', 'dualstack'],
      ['b', 'provisioning', 'us-east-1', undefined],
    ]);
    expect(elb.commandCalls(DescribeLoadBalancersCommand)[1]!.args[0].input.Marker).toBe('m1');
  });

  it('reads target health with reasons', async () => {
    elb.on(DescribeTargetHealthCommand).resolves({
      TargetHealthDescriptions: [
        { Target: { Id: 'i-1', Port: 80 }, TargetHealth: { State: 'healthy' } },
        {
          Target: { Id: 'i-2', Port: 80 },
          TargetHealth: { State: 'unhealthy', Description: 'Health checks failed' },
        },
      ],
    });
    expect(await new Elbv2LoadBalancers(factory).targetHealth('us-east-1', 'tg')).toEqual([
      { id: 'i-1', port: 80, state: 'healthy' },
      { id: 'i-2', port: 80, state: 'unhealthy', reason: 'Health checks failed' },
    ]);
  });

  it('returns undefined for a load balancer that is gone', async () => {
    elb.on(DescribeLoadBalancersCommand).rejects(err('LoadBalancerNotFoundException', 'gone'));
    expect(await new Elbv2LoadBalancers(factory).describe('us-east-1', 'arn:x')).toBeUndefined();
  });
});

describe('CloudFormationStacks', () => {
  const stacks = () => new CloudFormationStacks(factory);

  it('returns undefined for a stack that does not exist', async () => {
    cfn
      .on(DescribeStacksCommand)
      .rejects(err('ValidationError', 'Stack with id shop-prod-network does not exist'));
    expect(await stacks().describe('us-east-1', 'shop-prod-network')).toBeUndefined();
  });

  it('lists only this app’s live stacks across pages', async () => {
    const s = (name: string, app: string | undefined, status: StackStatus = 'CREATE_COMPLETE') => ({
      StackName: name,
      StackStatus: status,
      CreationTime: new Date('2026-11-01T00:00:00Z'),
      Tags: app ? [{ Key: APP_TAG, Value: app }] : [],
      Outputs: [{ OutputKey: 'VpcId', OutputValue: 'vpc-1' }],
    });
    cfn
      .on(DescribeStacksCommand)
      .resolvesOnce({ Stacks: [s('shop-prod-network', 'shop'), s('other', 'blog')], NextToken: 't' })
      .resolvesOnce({
        Stacks: [
          s('shop-prod-old', 'shop', 'DELETE_COMPLETE'),
          s('shop-prod-app', 'shop'),
          s('untagged', undefined),
        ],
      });
    const list = await stacks().listByApp('us-east-1', 'shop');
    expect(list.map((x) => x.name)).toEqual(['shop-prod-app', 'shop-prod-network']);
    expect(list[0]!.outputs).toEqual({ VpcId: 'vpc-1' });
  });

  it('sends the idempotency token, so an SDK retry of a lost CreateStack answer is not AlreadyExists', async () => {
    cfn.on(CreateStackCommand).resolves({ StackId: 'arn:stack/s/1' });
    await stacks().create('us-east-1', {
      name: 's',
      templateBody: '{}',
      parameters: { A: '1' },
      tags: {},
      clientRequestToken: 'drctl-run-1-s-0',
    });
    expect(cfn.commandCalls(CreateStackCommand)[0]!.args[0].input).toMatchObject({
      StackName: 's',
      ClientRequestToken: 'drctl-run-1-s-0',
      Parameters: [{ ParameterKey: 'A', ParameterValue: '1' }],
      OnFailure: 'ROLLBACK',
    });
  });

  it('treats "No updates are to be performed" as success', async () => {
    cfn.on(UpdateStackCommand).rejects(err('ValidationError', 'No updates are to be performed.'));
    expect(
      await stacks().update('us-east-1', { name: 's', templateBody: '{}', parameters: {}, tags: {} }),
    ).toBe('no-changes');
  });

  it('reads the events of the operation with our ClientRequestToken, whatever the clocks say', async () => {
    const ev = (id: string, t: string, token?: string, logicalId = id, status = 'CREATE_FAILED') => ({
      EventId: id,
      StackId: 's',
      StackName: 's',
      Timestamp: new Date(t),
      LogicalResourceId: logicalId,
      ResourceType: 'AWS::EC2::VPC',
      ResourceStatus: status as 'CREATE_FAILED',
      ResourceStatusReason: `reason ${id}`,
      ...(token ? { ClientRequestToken: token } : {}),
    });
    // Our operation's events carry timestamps before the laptop's "now" (its clock is
    // ahead); the older operation's look newer (different clocks): only the token tells.
    cfn.on(DescribeStackEventsCommand).resolvesOnce({
      StackEvents: [
        ev('e4', '2026-11-30T00:01:00Z', 'drctl-ours'),
        ev('e3', '2026-11-30T00:00:30Z', 'drctl-ours', 's', 'UPDATE_IN_PROGRESS'),
      ],
      NextToken: 'p2',
    });
    cfn.on(DescribeStackEventsCommand, { NextToken: 'p2' }).resolves({
      StackEvents: [ev('e2', '2026-11-30T00:09:00Z', 'Console-older'), ev('e1', '2026-11-30T00:08:00Z')],
    });
    const events = await stacks().events('us-east-1', 's', 'drctl-ours');
    expect(events.map((e) => e.id)).toEqual(['e4', 'e3']);
    // It stopped at the first event of another operation: no third page was asked for.
    expect(cfn.commandCalls(DescribeStackEventsCommand)).toHaveLength(2);
  });

  it('an event without our token ends the operation: AWS stamps every event of a call made with one', () => {
    const e = (id: string, logicalId: string, status: string, token?: string) => ({
      id,
      timestamp: new Date(0),
      logicalId,
      resourceType: 'x',
      status,
      ...(token ? { clientRequestToken: token } : {}),
    });
    // e2 and e1: an older operation started without a token (an operator's own
    // update-stack): not ours, although nothing names another token.
    const r = operationEvents(
      [
        e('4', 'Vpc', 'UPDATE_FAILED', 'drctl-ours'),
        e('3', 's', 'UPDATE_IN_PROGRESS', 'drctl-ours'),
        e('2', 'Vpc', 'UPDATE_COMPLETE'),
        e('1', 's', 'UPDATE_IN_PROGRESS'),
      ],
      'drctl-ours',
    );
    expect(r).toEqual({
      events: [e('4', 'Vpc', 'UPDATE_FAILED', 'drctl-ours'), e('3', 's', 'UPDATE_IN_PROGRESS', 'drctl-ours')],
      complete: true,
    });
    expect(operationEvents([e('1', 's', 'CREATE_IN_PROGRESS', 'drctl-ours')], 'drctl-ours')).toEqual({
      events: [e('1', 's', 'CREATE_IN_PROGRESS', 'drctl-ours')],
      complete: false,
    });
  });
});

describe('StsIdentity', () => {
  it('returns the account and ARN', async () => {
    sts
      .on(GetCallerIdentityCommand)
      .resolves({ Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/op', UserId: 'AID' });
    expect(await new StsIdentity(factory).whoami('us-east-1')).toEqual({
      account: '123456789012',
      arn: 'arn:aws:iam::123456789012:user/op',
      userId: 'AID',
    });
  });
});
