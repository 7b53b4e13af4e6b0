import { describe, expect, it } from 'vitest';
import { type CombinedBatchStats, combiningDns } from '../../../src/engine/fleet/index.js';
import { ApiBudget, pacedPort } from '../../../src/engine/pace.js';
import type { RecordChange, RecordSet } from '../../../src/ports/dns.js';
import { FakeClock } from '../../fakes/clock.js';
import { FakeRoute53 } from '../../fakes/route53.js';

const rs = (name: string, ip: string): RecordSet => ({
  Name: name,
  Type: 'A',
  TTL: 60,
  ResourceRecords: [{ Value: ip }],
});
const upsert = (name: string, ip: string): RecordChange => ({
  Action: 'UPSERT',
  ResourceRecordSet: rs(name, ip),
});
const del = (name: string, ip: string): RecordChange => ({
  Action: 'DELETE',
  ResourceRecordSet: rs(name, ip),
});

describe('ApiBudget: one pacer per account, service and region', () => {
  it('shares Route 53 across regions and keeps regional services apart', () => {
    const b = new ApiBudget(new FakeClock(0));
    expect(b.pacer('route53', 'us-east-1')).toBe(b.pacer('route53', 'eu-west-1'));
    expect(b.pacer('cloudformation', 'us-east-1')).toBe(b.pacer('cloudformation', 'us-east-1'));
    expect(b.pacer('cloudformation', 'us-east-1')).not.toBe(b.pacer('cloudformation', 'eu-west-1'));
    expect(b.pacer('rds', 'us-east-1')).not.toBe(b.pacer('cloudformation', 'us-east-1'));
    expect(b.pacer('rds', 'us-east-1', 'acct-2')).not.toBe(b.pacer('rds', 'us-east-1'));
  });

  it('paces the calls of many apps to one regional service together, at its interval', async () => {
    const clock = new FakeClock(0);
    const b = new ApiBudget(clock, { cloudformation: 200 });
    const at: string[] = [];
    const port = (app: string) =>
      pacedPort(
        {
          describe: async (region: string) => {
            at.push(`${app}@${region}:${clock.now()}`);
          },
        },
        b,
        'cloudformation',
      );
    await Promise.all([
      port('a').describe('us-east-1'),
      port('b').describe('us-east-1'),
      port('c').describe('eu-west-1'),
    ]);
    expect(at).toEqual(['a@us-east-1:0', 'c@eu-west-1:0', 'b@us-east-1:200']);
  });
});

describe('combiningDns: record changes of one zone in one atomic batch', () => {
  function zone() {
    const clock = new FakeClock(0);
    const r53 = new FakeRoute53([], [rs('a.example.com.', '192.0.2.1'), rs('b.example.com.', '192.0.2.2')]);
    const stats: CombinedBatchStats = { requests: 0, combined: 0, splitAfterRefusal: 0 };
    const dns = combiningDns(r53, new ApiBudget(clock).pacer('route53'), stats);
    return { r53, dns, stats };
  }

  it('sends the changes waiting for the same turn as one request, and both get its change id', async () => {
    const { r53, dns, stats } = zone();
    const [x, y] = await Promise.all([
      dns.changeRecordSets('Z', [upsert('a.example.com.', '198.51.100.1')], 'drctl run-a'),
      dns.changeRecordSets('Z', [upsert('b.example.com.', '198.51.100.2')], 'drctl run-b'),
    ]);
    expect(x).toEqual(y);
    expect(r53.changeLog).toHaveLength(1);
    expect(r53.changeLog[0]?.comment).toBe('drctl fleet: drctl run-a; drctl run-b');
    expect(stats).toEqual({ requests: 1, combined: 2, splitAfterRefusal: 0 });
  });

  it('splits a refused combined batch so one app’s stale change fails alone', async () => {
    const { r53, dns, stats } = zone();
    const [ok, bad] = await Promise.allSettled([
      dns.changeRecordSets('Z', [upsert('a.example.com.', '198.51.100.1')], 'run-a'),
      // b was changed by someone since its snapshot: its DELETE no longer matches.
      dns.changeRecordSets('Z', [del('b.example.com.', '203.0.113.9')], 'run-b'),
    ]);
    expect(ok.status).toBe('fulfilled');
    expect(bad.status).toBe('rejected');
    expect(r53.sets.find((s) => s.Name === 'a.example.com.')?.ResourceRecords).toEqual([
      { Value: '198.51.100.1' },
    ]);
    expect(r53.sets.find((s) => s.Name === 'b.example.com.')).toEqual(rs('b.example.com.', '192.0.2.2'));
    expect(stats.splitAfterRefusal).toBe(1);
  });

  it('never puts two changes of one record set in one batch', async () => {
    const { r53, dns } = zone();
    await Promise.all([
      dns.changeRecordSets('Z', [upsert('a.example.com.', '198.51.100.1')], 'one'),
      dns.changeRecordSets('Z', [upsert('a.example.com', '198.51.100.2')], 'two'),
    ]);
    expect(r53.changeLog.map((c) => c.comment)).toEqual(['one', 'two']);
  });

  it('apps polling one combined change share a GetChange while it waits; later polls ask again', async () => {
    const r53 = new FakeRoute53([], [rs('a.example.com.', '192.0.2.1'), rs('b.example.com.', '192.0.2.2')]);
    let calls = 0;
    const get = r53.getChangeStatus.bind(r53);
    r53.getChangeStatus = (id) => {
      calls++;
      return get(id);
    };
    const dns = combiningDns(r53, new ApiBudget(new FakeClock(0)).pacer('route53'));
    const { changeId } = await dns.changeRecordSets('Z', [upsert('a.example.com.', '198.51.100.1')], 'one');
    const answers = await Promise.all([1, 2, 3].map(() => dns.getChangeStatus(changeId)));
    expect(new Set(answers).size).toBe(1);
    expect(calls).toBe(1);
    await dns.getChangeStatus(changeId);
    expect(calls).toBe(2);
    // Another change id is its own call.
    const other = await dns.changeRecordSets('Z', [upsert('b.example.com.', '198.51.100.2')], 'two');
    await Promise.all([dns.getChangeStatus(changeId), dns.getChangeStatus(other.changeId)]);
    expect(calls).toBe(4);
  });

  it('keeps zones apart', async () => {
    const { r53, dns } = zone();
    await Promise.all([
      dns.changeRecordSets('Z1', [upsert('a.example.com.', '198.51.100.1')], 'one'),
      dns.changeRecordSets('Z2', [upsert('b.example.com.', '198.51.100.2')], 'two'),
    ]);
    expect(r53.changeLog).toHaveLength(2);
  });
});
