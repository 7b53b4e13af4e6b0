/**
 * Route 53 facts the emulator stands in for (docs/emulator-fidelity.md, "(aws)" rows),
 * in a throwaway public hosted zone deleted at the end: TestDNSAnswer answers an alias
 * with its target's values, never its name; the lock's CREATE/DELETE rules; batches are
 * all or nothing; hosted zone ids start with Z.
 */
import {
  type Change,
  ChangeResourceRecordSetsCommand,
  CreateHostedZoneCommand,
  DeleteHostedZoneCommand,
  GetChangeCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
  TestDNSAnswerCommand,
} from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Cleanup, contract, RUN, until } from './contract.js';

const ZONE = process.env.DRCTL_AWS_CONTRACT_ZONE || `${RUN}.com`;
const r53 = new Route53Client({ region: 'us-east-1' });
const cleanup = new Cleanup();
let zoneId = '';

async function change(changes: Change[]): Promise<void> {
  const out = await r53.send(
    new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: changes } }),
  );
  await until(
    `change ${out.ChangeInfo?.Id} INSYNC`,
    async () =>
      (await r53.send(new GetChangeCommand({ Id: out.ChangeInfo!.Id! }))).ChangeInfo?.Status === 'INSYNC'
        ? true
        : undefined,
    180_000,
  );
}

const answer = async (name: string, type: 'A' | 'TXT') =>
  r53.send(
    new TestDNSAnswerCommand({ HostedZoneId: zoneId, RecordName: `${name}.${ZONE}`, RecordType: type }),
  );

contract('Route 53 (real AWS)', () => {
  beforeAll(async () => {
    const zone = await r53.send(new CreateHostedZoneCommand({ Name: ZONE, CallerReference: RUN }));
    zoneId = zone.HostedZone!.Id!.replace('/hostedzone/', '');
    cleanup.add(`hosted zone ${ZONE} (${zoneId})`, () =>
      r53.send(new DeleteHostedZoneCommand({ Id: zoneId })),
    );
    cleanup.add(`record sets of ${ZONE}`, async () => {
      const live = (await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId })))
        .ResourceRecordSets;
      const ours = (live ?? []).filter((rs) => rs.Type !== 'NS' && rs.Type !== 'SOA');
      if (ours.length) await change(ours.map((rs) => ({ Action: 'DELETE', ResourceRecordSet: rs })));
    });
  });
  afterAll(async () => {
    try {
      await cleanup.runAll();
    } finally {
      r53.destroy();
    }
  });

  it('hosted zone ids start with Z', () => {
    expect(zoneId).toMatch(/^Z[A-Z0-9]+$/);
  });

  it("TestDNSAnswer answers an alias with its target record's values, never the target's name", async () => {
    const target = {
      Name: `target.${ZONE}`,
      Type: 'A' as const,
      TTL: 60,
      ResourceRecords: [{ Value: '192.0.2.10' }, { Value: '192.0.2.11' }],
    };
    const alias = {
      Name: `alias.${ZONE}`,
      Type: 'A' as const,
      AliasTarget: { HostedZoneId: zoneId, DNSName: `target.${ZONE}`, EvaluateTargetHealth: false },
    };
    await change([
      { Action: 'CREATE', ResourceRecordSet: target },
      { Action: 'CREATE', ResourceRecordSet: alias },
    ]);
    const got = await answer('alias', 'A');
    expect(got.ResponseCode).toBe('NOERROR');
    expect([...(got.RecordData ?? [])].sort()).toEqual(['192.0.2.10', '192.0.2.11']);
    expect((got.RecordData ?? []).join(' ')).not.toContain('target');
    expect((await answer('nothing-here', 'A')).ResponseCode).toBe('NXDOMAIN');
  });

  it("the lock's rules: CREATE of an existing set and DELETE with other values fail; a failing batch changes nothing", async () => {
    const lock = (value: string) => ({
      Name: `_lock.${ZONE}`,
      Type: 'TXT' as const,
      TTL: 10,
      ResourceRecords: [{ Value: `"${value}"` }],
    });
    await change([{ Action: 'CREATE', ResourceRecordSet: lock('run-1') }]);
    await expect(change([{ Action: 'CREATE', ResourceRecordSet: lock('run-2') }])).rejects.toMatchObject({
      name: 'InvalidChangeBatch',
    });
    await expect(change([{ Action: 'DELETE', ResourceRecordSet: lock('run-2') }])).rejects.toMatchObject({
      name: 'InvalidChangeBatch',
    });
    const other = {
      Name: `other.${ZONE}`,
      Type: 'TXT' as const,
      TTL: 10,
      ResourceRecords: [{ Value: '"x"' }],
    };
    await expect(
      change([
        { Action: 'UPSERT', ResourceRecordSet: other },
        { Action: 'CREATE', ResourceRecordSet: lock('run-3') },
      ]),
    ).rejects.toMatchObject({ name: 'InvalidChangeBatch' });
    expect((await answer('other', 'TXT')).ResponseCode).toBe('NXDOMAIN');
    expect((await answer('_lock', 'TXT')).RecordData).toEqual(['"run-1"']);
    await change([{ Action: 'DELETE', ResourceRecordSet: lock('run-1') }]);
  });
});
