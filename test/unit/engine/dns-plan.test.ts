import { describe, expect, it } from 'vitest';
import { planFlip, servingRegion } from '../../../src/engine/dns-plan.js';
import { renderChangeBatch, restoreBatch } from '../../../src/engine/dns-restore.js';
import type { RecordInput } from '../../../src/engine/input.js';
import type { RecordSet } from '../../../src/ports/dns.js';
import { FakeRoute53 } from '../../fakes/route53.js';
import { NEW_ALB, seedFor } from '../../fakes/world.js';

const alb = { dnsName: NEW_ALB, canonicalHostedZoneId: 'Z35NEW' };
const record = (routing: RecordInput['routing'], over: Partial<RecordInput> = {}): RecordInput => ({
  name: 'www.example.com',
  type: 'A',
  routing,
  setIdentifiers: { 'us-west-2': 'west', 'us-east-1': 'east' },
  ...over,
});
const plan = (snapshot: RecordSet[], r: RecordInput) =>
  planFlip({ snapshot, record: r, fromRegion: 'us-west-2', toRegion: 'us-east-1', alb });

describe('planFlip refuses what the config does not describe', () => {
  it('a GeoLocation set', () => {
    const geo = [{ ...seedFor('weighted')[0]!, Weight: undefined, GeoLocation: { CountryCode: 'DE' } }];
    expect(() => plan(geo, record('weighted'))).toThrow(
      /GeoLocation record set, which drctl does not manage/,
    );
  });

  it('a set identifier the config does not name', () => {
    const extra = [...seedFor('weighted'), { ...seedFor('weighted')[0]!, SetIdentifier: 'canary' }];
    expect(() => plan(extra, record('weighted'))).toThrow(
      /set identifier canary that the config does not name/,
    );
  });

  it('routing-policy sets when the config says simple, and simple sets when it says failover', () => {
    expect(() => plan(seedFor('failover'), record('simple'))).toThrow(/config says simple/);
    expect(() => plan(seedFor('simple'), record('failover'))).toThrow(/is not a failover record set/);
  });

  it('a weighted target at weight 0 does not already serve, even when every other set is at 0 too', () => {
    const dead = { ...seedFor('weighted')[0]!, Weight: 0 };
    const target = {
      Name: 'www.example.com.',
      Type: 'A',
      SetIdentifier: 'east',
      Weight: 0,
      AliasTarget: { HostedZoneId: 'Z35NEW', DNSName: `dualstack.${NEW_ALB}.`, EvaluateTargetHealth: true },
    };
    const batches = plan([dead, target], record('weighted'));
    expect(batches.at(-1)!.changes.find((c) => c.Action === 'CREATE')!.ResourceRecordSet).toMatchObject({
      SetIdentifier: 'east',
      Weight: 100,
    });
    expect(() => plan([dead, { ...target, Weight: 10 }], record('weighted'))).toThrow(/already routes/);
  });

  it('a target that already serves', () => {
    const flipped = [
      {
        ...seedFor('simple')[0]!,
        AliasTarget: {
          HostedZoneId: 'Z35NEW',
          DNSName: `DualStack.${NEW_ALB.toUpperCase()}.`,
          EvaluateTargetHealth: true,
        },
      },
    ];
    expect(() => plan(flipped, record('simple'))).toThrow(/already routes to new-alb-1/);
    expect(() =>
      planFlip({
        snapshot: seedFor('simple'),
        record: record('simple'),
        fromRegion: 'us-east-1',
        toRegion: 'us-east-1',
        alb,
      }),
    ).toThrow(/is the region serving now/);
  });

  it('weight steps that do not rise to 100', () => {
    expect(() => plan(seedFor('weighted'), record('weighted', { weightSteps: [50, 10] }))).toThrow(
      /must rise/,
    );
    expect(() => plan(seedFor('weighted'), record('weighted', { weightSteps: [10, 50] }))).toThrow(
      /end at 100/,
    );
  });

  it('every refusal is a typed REFUSED or CONFIG_INVALID error', () => {
    try {
      plan(seedFor('failover'), record('simple'));
    } catch (e) {
      expect(e).toMatchObject({ code: 'REFUSED', exitCode: 5 });
    }
  });
});

describe('planFlip', () => {
  it('weighted: a third region keeps its relative share until the last step', () => {
    const eu: RecordSet = {
      Name: 'www.example.com.',
      Type: 'A',
      SetIdentifier: 'eu',
      Weight: 100,
      TTL: 60,
      ResourceRecords: [{ Value: '192.0.2.9' }],
    };
    const snap = [...seedFor('weighted'), eu];
    const batches = plan(
      snap,
      record('weighted', {
        setIdentifiers: { 'us-west-2': 'west', 'us-east-1': 'east', 'eu-west-1': 'eu' },
        weightSteps: [20, 100],
      }),
    );
    const w = batches.map((b) =>
      b.changes
        .filter((c) => c.Action === 'CREATE')
        .map((c) => `${c.ResourceRecordSet.SetIdentifier}=${c.ResourceRecordSet.Weight}`),
    );
    expect(w).toEqual([
      ['east=20', 'west=40', 'eu=40'],
      ['east=100', 'west=0', 'eu=0'],
    ]);
    // Each step deletes the sets exactly as the step before left them.
    const deleted = batches.map((b) =>
      b.changes
        .filter((c) => c.Action === 'DELETE')
        .map((c) => `${c.ResourceRecordSet.SetIdentifier}=${c.ResourceRecordSet.Weight}`),
    );
    expect(deleted).toEqual([
      ['east=0', 'west=100', 'eu=100'],
      ['east=20', 'west=40', 'eu=40'],
    ]);
    expect(batches.map((b) => b.expectNewAlbAnswer)).toEqual([false, true]);
  });

  it('latency with other regions left: the answer depends on the resolver, so it is not expected', () => {
    const eu: RecordSet = {
      Name: 'www.example.com.',
      Type: 'A',
      SetIdentifier: 'eu',
      Region: 'eu-west-1',
      TTL: 60,
      ResourceRecords: [{ Value: '192.0.2.9' }],
    };
    const [b] = plan(
      [...seedFor('latency'), eu],
      record('latency', { setIdentifiers: { 'us-west-2': 'west', 'us-east-1': 'east', 'eu-west-1': 'eu' } }),
    );
    expect(b!.expectNewAlbAnswer).toBe(false);
  });

  it('tells which region serves now', () => {
    expect(servingRegion(seedFor('simple'), record('simple'))).toBe('us-west-2');
    expect(servingRegion(seedFor('failover'), record('failover'))).toBe('us-west-2');
    expect(servingRegion(seedFor('weighted'), record('weighted'))).toBe('us-west-2');
    expect(servingRegion(seedFor('latency'), record('latency'))).toBe('us-west-2');
  });
});

describe('restoreBatch', () => {
  const snapshot = seedFor('failover');

  it('returns the sets to the snapshot exactly, even with roles swapped and a set identifier changed', async () => {
    const dns = new FakeRoute53(
      [],
      [
        { ...snapshot[0]!, SetIdentifier: 'west-2', Failover: 'SECONDARY' },
        {
          Name: 'www.example.com.',
          Type: 'A',
          SetIdentifier: 'east',
          Failover: 'PRIMARY',
          AliasTarget: { HostedZoneId: 'Z35NEW', DNSName: 'x.', EvaluateTargetHealth: true },
        },
      ],
    );
    const batch = restoreBatch(snapshot, await dns.listRecordSets('Z', 'www.example.com', 'A'));
    expect(batch.map((c) => `${c.Action} ${c.ResourceRecordSet.SetIdentifier}`)).toEqual([
      'DELETE west-2',
      'DELETE east',
      'CREATE west',
      'CREATE east',
    ]);
    await dns.changeRecordSets('Z', batch, 'restore');
    expect(dns.sets).toStrictEqual(snapshot);
  });

  it('deletes sets that did not exist and is empty when nothing differs (idempotent)', () => {
    const added: RecordSet = {
      Name: 'www.example.com.',
      Type: 'A',
      SetIdentifier: 'new',
      Failover: 'SECONDARY',
      TTL: 5,
      ResourceRecords: [{ Value: '1.2.3.4' }],
    };
    expect(restoreBatch([], [added])).toEqual([{ Action: 'DELETE', ResourceRecordSet: added }]);
    expect(restoreBatch(snapshot, structuredClone(snapshot).reverse())).toEqual([]);
  });

  it('notices a single changed field (TTL) and restores it', () => {
    const changed = structuredClone(snapshot);
    changed[1]!.TTL = 300;
    expect(restoreBatch(snapshot, changed).map((c) => c.Action)).toEqual(['DELETE', 'CREATE']);
  });

  it('renders the JSON the AWS CLI takes', () => {
    const json = JSON.parse(renderChangeBatch(restoreBatch(snapshot, []), 'manual'));
    expect(json).toEqual({
      Comment: 'manual',
      Changes: snapshot.map((rs) => ({ Action: 'CREATE', ResourceRecordSet: rs })),
    });
  });
});

describe('the fake Route 53 behaves like the real one', () => {
  const seed = seedFor('failover');
  it('rejects CREATE of an existing set, DELETE that does not match, and applies nothing', async () => {
    const dns = new FakeRoute53([], seed);
    await expect(
      dns.changeRecordSets('Z', [{ Action: 'CREATE', ResourceRecordSet: seed[0]! }], 'c'),
    ).rejects.toMatchObject({ name: 'InvalidChangeBatch' });
    const wrong = { ...seed[1]!, TTL: 61 };
    await expect(
      dns.changeRecordSets(
        'Z',
        [
          { Action: 'DELETE', ResourceRecordSet: seed[0]! },
          { Action: 'DELETE', ResourceRecordSet: wrong },
        ],
        'c',
      ),
    ).rejects.toThrow(/do not match/);
    expect(dns.sets).toStrictEqual(seed);
  });

  it('rejects two PRIMARY sets, and reports PENDING then INSYNC', async () => {
    const dns = new FakeRoute53([], seed);
    await expect(
      dns.changeRecordSets(
        'Z',
        [{ Action: 'UPSERT', ResourceRecordSet: { ...seed[1]!, Failover: 'PRIMARY' } }],
        'c',
      ),
    ).rejects.toThrow(/two PRIMARY/);
    const { changeId } = await dns.changeRecordSets(
      'Z',
      [{ Action: 'UPSERT', ResourceRecordSet: { ...seed[1]!, TTL: 30 } }],
      'c',
    );
    expect([await dns.getChangeStatus(changeId), await dns.getChangeStatus(changeId)]).toEqual([
      'PENDING',
      'INSYNC',
    ]);
  });
});

describe('A+AAAA: each type planned alike, in the same batches', () => {
  const both = (sets: RecordSet[]) => [...sets, ...sets.map((rs) => ({ ...rs, Type: 'AAAA' }))];

  it('every weighted step holds both types, and only the last expects the new ALB in the answer', () => {
    const batches = plan(
      both(seedFor('weighted')),
      record('weighted', { type: 'A+AAAA', weightSteps: [10, 100] }),
    );
    expect(batches.map((b) => b.expectNewAlbAnswer)).toEqual([false, true]);
    for (const b of batches) {
      const a = b.changes.filter((c) => c.ResourceRecordSet.Type === 'A');
      const aaaa = b.changes.filter((c) => c.ResourceRecordSet.Type === 'AAAA');
      expect(aaaa.length).toBe(a.length);
      expect(aaaa.map((c) => ({ ...c.ResourceRecordSet, Type: 'A' }))).toEqual(
        a.map((c) => c.ResourceRecordSet),
      );
    }
  });

  it('one region serves only when A and AAAA agree; a type with the wrong shape is refused', () => {
    const r = record('failover', { type: 'A+AAAA' });
    expect(servingRegion(both(seedFor('failover')), r)).toBe('us-west-2');
    const split = [
      ...seedFor('failover'),
      ...seedFor('failover').map((rs) => ({
        ...rs,
        Type: 'AAAA',
        Failover: rs.Failover === 'PRIMARY' ? ('SECONDARY' as const) : ('PRIMARY' as const),
      })),
    ];
    expect(servingRegion(split, r)).toBeUndefined();
    const oddAaaa = [...seedFor('failover'), ...seedFor('simple').map((rs) => ({ ...rs, Type: 'AAAA' }))];
    expect(() => plan(oddAaaa, r)).toThrow(
      /www\.example\.com AAAA set \(none\) is not a failover record set/,
    );
  });
});
