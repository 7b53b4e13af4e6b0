import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  GetHostedZoneCommand,
  ListHostedZonesByNameCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
  TestDNSAnswerCommand,
} from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ClientFactory } from '../../../src/aws/clients.js';
import { Route53Dns } from '../../../src/aws/route53-dns.js';
import { DrctlError } from '../../../src/errors.js';
import type { RetryPolicy } from '../../../src/ports/retry.js';
import { FakeClock } from '../../fakes/clock.js';

const r53 = mockClient(Route53Client);
const clock = new FakeClock();
const sleeps = clock.sleeps;
const fastRetry: RetryPolicy = {
  throttledAttempts: 4,
  attempts: 2,
  baseDelayMs: 100,
  maxDelayMs: 1000,
  clock,
  random: () => 1,
};
const dns = () => new Route53Dns(new ClientFactory({ endpointUrl: 'http://127.0.0.1:1', retry: fastRetry }));

function awsError(name: string, message = name, status = 400): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
}

const alias = (dnsName: string, id?: string, extra: Record<string, unknown> = {}) => ({
  Name: 'www.example.com.',
  Type: 'A' as const,
  ...(id ? { SetIdentifier: id } : {}),
  AliasTarget: { HostedZoneId: 'Z1LMS91P8CMLE5', DNSName: dnsName, EvaluateTargetHealth: true },
  ...extra,
});

beforeEach(() => {
  r53.reset();
  sleeps.length = 0;
});

describe('Route53Dns.listRecordSets', () => {
  it('follows pages and returns every variant of the name and type, stopping at the next name', async () => {
    r53
      .on(ListResourceRecordSetsCommand)
      .resolvesOnce({
        ResourceRecordSets: [alias('a.elb.', 'one', { Weight: 100 })],
        IsTruncated: true,
        NextRecordName: 'www.example.com.',
        NextRecordType: 'A',
        NextRecordIdentifier: 'two',
      })
      .resolvesOnce({
        ResourceRecordSets: [
          alias('b.elb.', 'two', { Weight: 0 }),
          { Name: 'www.example.com.', Type: 'AAAA' as const, TTL: 60, ResourceRecords: [{ Value: '::1' }] },
        ],
        IsTruncated: true,
        NextRecordName: 'x.example.com.',
        NextRecordType: 'A',
      });
    const sets = await dns().listRecordSets('Z1', 'WWW.example.com', 'A');
    expect(sets.map((s) => s.SetIdentifier)).toEqual(['one', 'two']);
    expect(sets[1]).toEqual(alias('b.elb.', 'two', { Weight: 0 }));
    const calls = r53.commandCalls(ListResourceRecordSetsCommand);
    expect(calls).toHaveLength(2);
    expect(calls[0]!.args[0].input).toMatchObject({
      HostedZoneId: 'Z1',
      StartRecordName: 'www.example.com.',
      StartRecordType: 'A',
    });
    expect(calls[1]!.args[0].input).toMatchObject({ StartRecordIdentifier: 'two' });
  });

  it('A+AAAA: both types of the name in one read from A, other types skipped, stopping at the next name', async () => {
    r53.on(ListResourceRecordSetsCommand).resolves({
      ResourceRecordSets: [
        alias('a.elb.', 'one', { Weight: 100 }),
        { Name: 'www.example.com.', Type: 'AAAA' as const, TTL: 60, ResourceRecords: [{ Value: '::1' }] },
        { Name: 'www.example.com.', Type: 'TXT' as const, TTL: 60, ResourceRecords: [{ Value: '"x"' }] },
        { Name: 'x.example.com.', Type: 'AAAA' as const, TTL: 60, ResourceRecords: [{ Value: '::2' }] },
      ],
      IsTruncated: false,
    });
    const sets = await dns().listRecordSets('Z1', 'www.example.com', 'A+AAAA');
    expect(sets.map((s) => `${s.Name} ${s.Type}`)).toEqual(['www.example.com. A', 'www.example.com. AAAA']);
    const calls = r53.commandCalls(ListResourceRecordSetsCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toMatchObject({
      StartRecordName: 'www.example.com.',
      StartRecordType: 'A',
    });
  });

  it('decodes octal escapes Route 53 uses in names', async () => {
    r53.on(ListResourceRecordSetsCommand).resolves({
      ResourceRecordSets: [
        { Name: '\\052.example.com.', Type: 'A', TTL: 60, ResourceRecords: [{ Value: '1.2.3.4' }] },
      ],
      IsTruncated: false,
    });
    const sets = await dns().listRecordSets('Z1', '*.example.com', 'A');
    expect(sets).toHaveLength(1);
    expect(sets[0]!.Name).toBe('*.example.com.');
  });

  it('retries throttling with backoff and then succeeds', async () => {
    r53
      .on(ListResourceRecordSetsCommand)
      .rejectsOnce(awsError('Throttling', 'Rate exceeded'))
      .rejectsOnce(awsError('PriorRequestNotComplete'))
      .resolves({ ResourceRecordSets: [alias('a.elb.')], IsTruncated: false });
    const sets = await dns().listRecordSets('Z1', 'www.example.com', 'A');
    expect(sets).toHaveLength(1);
    expect(r53.commandCalls(ListResourceRecordSetsCommand)).toHaveLength(3);
    expect(sleeps).toEqual([100, 200]);
  });

  it('gives up after the retry budget with a sentence naming the call', async () => {
    r53.on(ListResourceRecordSetsCommand).rejects(awsError('Throttling', 'Rate exceeded'));
    const err = await dns()
      .listRecordSets('Z1', 'www.example.com', 'A')
      .catch((e) => e);
    expect(err).toBeInstanceOf(DrctlError);
    expect(err.message).toBe(
      'Route 53 ListResourceRecordSets www.example.com. A failed: Throttling: Rate exceeded',
    );
    expect(r53.commandCalls(ListResourceRecordSetsCommand)).toHaveLength(4);
  });

  it('does not retry errors that are not throttling', async () => {
    r53.on(ListResourceRecordSetsCommand).rejects(awsError('InvalidInput', 'bad zone'));
    await expect(dns().listRecordSets('Z1', 'www.example.com', 'A')).rejects.toThrow(
      /InvalidInput: bad zone/,
    );
    expect(r53.commandCalls(ListResourceRecordSetsCommand)).toHaveLength(1);
  });
});

describe('Route53Dns.findHostedZone', () => {
  it('finds a zone by name, preferring the public one over a private namesake', async () => {
    r53.on(ListHostedZonesByNameCommand).resolves({
      HostedZones: [
        {
          Id: '/hostedzone/ZPRIV',
          Name: 'example.com.',
          CallerReference: 'a',
          Config: { PrivateZone: true },
        },
        {
          Id: '/hostedzone/ZPUB',
          Name: 'example.com.',
          CallerReference: 'b',
          Config: { PrivateZone: false },
        },
        { Id: '/hostedzone/ZOTHER', Name: 'example.community.', CallerReference: 'c' },
      ],
    });
    expect(await dns().findHostedZone('example.com')).toEqual({
      id: 'ZPUB',
      name: 'example.com.',
      privateZone: false,
    });
  });

  it('refuses to guess between two public zones of the same name', async () => {
    r53.on(ListHostedZonesByNameCommand).resolves({
      HostedZones: [
        { Id: '/hostedzone/ZA', Name: 'example.com.', CallerReference: 'a' },
        { Id: '/hostedzone/ZB', Name: 'example.com.', CallerReference: 'b' },
      ],
    });
    await expect(dns().findHostedZone('example.com.')).rejects.toThrow(
      '2 hosted zones are named example.com.; set dns.hostedZone to the id of the one to change (ZA, ZB).',
    );
  });

  it('says when no zone has the name', async () => {
    r53.on(ListHostedZonesByNameCommand).resolves({ HostedZones: [] });
    await expect(dns().findHostedZone('example.org')).rejects.toThrow(
      'No hosted zone named example.org. in this account.',
    );
  });

  it('finds a zone by id, with or without the /hostedzone/ prefix', async () => {
    r53
      .on(GetHostedZoneCommand)
      .resolves({ HostedZone: { Id: '/hostedzone/Z123', Name: 'example.com.', CallerReference: 'x' } });
    expect((await dns().findHostedZone('/hostedzone/Z123')).id).toBe('Z123');
    expect(r53.commandCalls(GetHostedZoneCommand)[0]!.args[0].input).toEqual({ Id: 'Z123' });
  });

  it('maps NoSuchHostedZone to a not-found sentence', async () => {
    r53
      .on(GetHostedZoneCommand)
      .rejects(awsError('NoSuchHostedZone', 'No hosted zone found with ID: Z9', 404));
    await expect(dns().findHostedZone('Z9')).rejects.toThrow(
      'Hosted zone Z9 does not exist in this account.',
    );
  });
});

describe('Route53Dns changes', () => {
  it('sends one batch with the comment and returns the bare change id', async () => {
    r53.on(ChangeResourceRecordSetsCommand).resolves({
      ChangeInfo: { Id: '/change/C123', Status: 'PENDING', SubmittedAt: new Date() },
    });
    const changes = [{ Action: 'UPSERT' as const, ResourceRecordSet: alias('n.elb.') }];
    expect(await dns().changeRecordSets('Z1', changes, 'drctl run r1')).toEqual({ changeId: 'C123' });
    expect(r53.commandCalls(ChangeResourceRecordSetsCommand)[0]!.args[0].input).toEqual({
      HostedZoneId: 'Z1',
      ChangeBatch: { Comment: 'drctl run r1', Changes: changes },
    });
  });

  it('reads change status', async () => {
    r53
      .on(GetChangeCommand)
      .resolvesOnce({ ChangeInfo: { Id: 'C1', Status: 'PENDING', SubmittedAt: new Date() } })
      .resolvesOnce({ ChangeInfo: { Id: 'C1', Status: 'INSYNC', SubmittedAt: new Date() } });
    expect(await dns().getChangeStatus('C1')).toBe('PENDING');
    expect(await dns().getChangeStatus('C1')).toBe('INSYNC');
  });

  it('returns TestDNSAnswer records, and undefined where the endpoint lacks the API', async () => {
    r53.on(TestDNSAnswerCommand).resolvesOnce({
      Nameserver: 'ns',
      RecordName: 'www.example.com.',
      RecordType: 'A',
      RecordData: ['new.elb.amazonaws.com'],
      ResponseCode: 'NOERROR',
      Protocol: 'UDP',
    });
    expect(await dns().testDnsAnswer('Z1', 'www.example.com', 'A')).toEqual({
      responseCode: 'NOERROR',
      records: ['new.elb.amazonaws.com'],
    });
    r53.on(TestDNSAnswerCommand).rejects(awsError('NotFound', 'not here', 404));
    expect(await dns().testDnsAnswer('Z1', 'www.example.com', 'A')).toBeUndefined();
  });
});

describe('toRecordSet', () => {
  it('drops a TTL reported on an alias record (Route 53 rejects one in a change)', async () => {
    const { toRecordSet } = await import('../../../src/aws/route53-dns.js');
    expect(toRecordSet({ ...alias('a.elb.'), TTL: 0 })).toEqual(alias('a.elb.'));
    expect(
      toRecordSet({ Name: 'x.example.com.', Type: 'A', TTL: 60, ResourceRecords: [{ Value: '192.0.2.1' }] })
        .TTL,
    ).toBe(60);
  });
});
