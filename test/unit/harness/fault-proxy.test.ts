/**
 * The fault proxy's injected errors, parsed by the real SDK clients: each must come out
 * with the error name AWS itself would produce, or the fault matrix would test drctl
 * against faults that never happen. Also: operations are named right for every protocol,
 * calls are forwarded and recorded, and a hung call ends at drctl's request timeout.
 */
import { ACMClient, ListCertificatesCommand } from '@aws-sdk/client-acm';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeDBClustersCommand, RDSClient } from '@aws-sdk/client-rds';
import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
  TestDNSAnswerCommand,
} from '@aws-sdk/client-route-53';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ClientFactory } from '../../../src/aws/clients.js';
import { isRetryable, throttledAs } from '../../../src/ports/retry.js';
import { type FaultProxy, isMutation, startFaultProxy } from '../../harness/fault-proxy.js';
import { startRequestRecorder } from '../../helpers/request-recorder.js';

let upstream: Awaited<ReturnType<typeof startRequestRecorder>>;
let proxy: FaultProxy;
beforeAll(async () => {
  upstream = await startRequestRecorder();
  proxy = await startFaultProxy(upstream.endpoint);
});
afterAll(async () => {
  await proxy.close();
  await upstream.close();
});
beforeEach(() => proxy.clear());

const config = (region = 'us-east-1') => ({
  endpoint: proxy.endpoint,
  region,
  credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  maxAttempts: 1,
  forcePathStyle: true,
});

type Send = () => Promise<unknown>;
const cases: { service: string; operation: string; send: Send; throttle: string }[] = [
  {
    service: 'cloudformation',
    operation: 'DescribeStacks',
    throttle: 'Throttling',
    send: () => new CloudFormationClient(config()).send(new DescribeStacksCommand({ StackName: 's' })),
  },
  {
    service: 'elasticloadbalancing',
    operation: 'DescribeLoadBalancers',
    throttle: 'Throttling',
    send: () => new ElasticLoadBalancingV2Client(config()).send(new DescribeLoadBalancersCommand({})),
  },
  {
    service: 'rds',
    operation: 'DescribeDBClusters',
    throttle: 'Throttling',
    send: () => new RDSClient(config()).send(new DescribeDBClustersCommand({})),
  },
  {
    service: 'sts',
    operation: 'GetCallerIdentity',
    throttle: 'Throttling',
    send: () => new STSClient(config()).send(new GetCallerIdentityCommand({})),
  },
  {
    service: 'route53',
    operation: 'ListResourceRecordSets',
    throttle: 'Throttling',
    send: () => new Route53Client(config()).send(new ListResourceRecordSetsCommand({ HostedZoneId: 'Z1' })),
  },
  {
    service: 'route53',
    operation: 'ChangeResourceRecordSets',
    throttle: 'Throttling',
    send: () =>
      new Route53Client(config()).send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: 'Z1',
          ChangeBatch: {
            Changes: [
              {
                Action: 'UPSERT',
                ResourceRecordSet: {
                  Name: 'a.example.com',
                  Type: 'A',
                  TTL: 60,
                  ResourceRecords: [{ Value: '1.2.3.4' }],
                },
              },
            ],
          },
        }),
      ),
  },
  {
    service: 'route53',
    operation: 'GetChange',
    throttle: 'Throttling',
    send: () => new Route53Client(config()).send(new GetChangeCommand({ Id: 'C1' })),
  },
  {
    service: 'route53',
    operation: 'TestDNSAnswer',
    throttle: 'Throttling',
    send: () =>
      new Route53Client(config()).send(
        new TestDNSAnswerCommand({ HostedZoneId: 'Z1', RecordName: 'a.example.com', RecordType: 'A' }),
      ),
  },
  {
    service: 'acm',
    operation: 'ListCertificates',
    throttle: 'ThrottlingException',
    send: () => new ACMClient(config()).send(new ListCertificatesCommand({})),
  },
  {
    service: 'ssm',
    operation: 'GetParameter',
    throttle: 'ThrottlingException',
    send: () => new SSMClient(config()).send(new GetParameterCommand({ Name: 'p', WithDecryption: true })),
  },
  {
    service: 'ec2',
    operation: 'DescribeVpcs',
    throttle: 'RequestLimitExceeded',
    send: () => new EC2Client(config()).send(new DescribeVpcsCommand({})),
  },
  {
    service: 's3',
    operation: 'ListObjectsV2',
    throttle: 'SlowDown',
    send: () => new S3Client(config()).send(new ListObjectsV2Command({ Bucket: 'b' })),
  },
];

describe('fault proxy wire formats, as the SDK parses them', () => {
  for (const c of cases) {
    it(`${c.service} ${c.operation}: throttling comes out as ${c.throttle}`, async () => {
      proxy.inject({ service: c.service, operation: c.operation, fault: { kind: 'throttle' } });
      const e = (await c.send().catch((x) => x)) as { name: string };
      expect(e.name).toBe(c.throttle);
      expect(throttledAs(e)).toBe(c.throttle);
      expect(proxy.calls.map((k) => [k.service, k.operation, k.fault])).toEqual([
        [c.service, c.operation, 'throttle'],
      ]);
    });
  }

  it('Route 53 PriorRequestNotComplete is throttling too', async () => {
    proxy.inject({ service: 'route53', fault: { kind: 'throttle', code: 'PriorRequestNotComplete' } });
    const e = (await cases[5]!.send().catch((x) => x)) as { name: string };
    expect(e.name).toBe('PriorRequestNotComplete');
    expect(throttledAs(e)).toBe('PriorRequestNotComplete');
  });

  for (const c of [cases[0]!, cases[4]!, cases[8]!]) {
    it(`${c.service}: HTTP 503 and 500 keep their status and a service error name`, async () => {
      proxy.inject({ fault: { kind: 'http', status: 503 } });
      proxy.inject({ fault: { kind: 'http', status: 500 }, nth: 2 });
      const e503 = (await c.send().catch((x) => x)) as {
        name: string;
        $metadata: { httpStatusCode: number };
      };
      const e500 = (await c.send().catch((x) => x)) as {
        name: string;
        $metadata: { httpStatusCode: number };
      };
      expect([e503.name, e503.$metadata.httpStatusCode]).toEqual(['ServiceUnavailable', 503]);
      expect([e500.name, e500.$metadata.httpStatusCode]).toEqual(['InternalFailure', 500]);
      // drctl's retry rule (the SDK's own retries are off) must see both as worth retrying.
      expect([isRetryable(e503), isRetryable(e500), throttledAs(e503)]).toEqual([true, true, undefined]);
    });
  }

  it('forwards unfaulted calls and records them; Describe/List/Get are not mutations', async () => {
    proxy.inject({ operation: 'CreateStack', fault: { kind: 'throttle' } });
    await cases[0]!.send().catch(() => undefined);
    expect(upstream.requests.length).toBeGreaterThan(0);
    expect(proxy.calls[0]).toMatchObject({
      service: 'cloudformation',
      operation: 'DescribeStacks',
      status: 500,
    });
    expect(isMutation({ operation: 'DescribeStacks' })).toBe(false);
    expect(isMutation({ operation: 'ChangeResourceRecordSets' })).toBe(true);
  });

  it('a dropped connection is a network error the SDK sees as such', async () => {
    proxy.inject({ fault: { kind: 'drop-before' } });
    const e = (await cases[0]!.send().catch((x) => x)) as { code?: string; name: string };
    expect(`${e.name} ${e.code}`).toMatch(/ECONNRESET|socket hang up|EPIPE/);
    expect(isRetryable(e)).toBe(true);
  });

  it('a hung call ends at the request timeout drctl sets (no wait runs forever)', async () => {
    proxy.inject({ fault: { kind: 'hang' } });
    const factory = new ClientFactory({ endpointUrl: proxy.endpoint, requestTimeoutMs: 300 });
    const started = Date.now();
    const client = factory.cloudFormation('us-east-1');
    client.config.credentials = async () => ({ accessKeyId: 'testing', secretAccessKey: 'testing' });
    const e = (await client.send(new DescribeStacksCommand({})).catch((x) => x)) as { name: string };
    expect(e.name).toBe('TimeoutError');
    expect(isRetryable(e)).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
    factory.destroy();
  });
});
