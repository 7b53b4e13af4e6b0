import { describe, expect, it } from 'vitest';
import { decodeHolder, encodeHolder, lockRecordName } from '../../../src/aws/route53-lock.js';
import type { DnsPort, RecordSet } from '../../../src/ports/dns.js';

const holder = {
  runId: '20261130-0142-us-east-1-ab12',
  holder: 'ops@laptop',
  host: 'laptop',
  startedAt: '2026-11-30T01:42:00.000Z',
};

describe('Route 53 lock record', () => {
  it('is a TXT name beside the record', () => {
    expect(lockRecordName('WWW.example.com.')).toBe('_drctl-lock.www.example.com.');
  });

  it('round-trips the run id and start through one quoted TXT string', () => {
    const v = encodeHolder(holder);
    expect(v).toMatch(/^"[^"]+"$/);
    expect(v.length).toBeLessThanOrEqual(255);
    expect(decodeHolder(v)).toEqual({ runId: holder.runId, startedAt: holder.startedAt });
  });

  it('publishes no user or host name in the public zone (they stay in the journal)', () => {
    const v = encodeHolder(holder);
    expect(v).not.toContain('ops');
    expect(v).not.toContain('laptop');
  });

  it('neutralises characters that would break the TXT value', () => {
    const v = encodeHolder({ ...holder, holder: 'eve"; runId=evil' });
    expect(decodeHolder(v)?.runId).toBe(holder.runId);
  });

  it('returns undefined for a TXT value that is not a drctl lock', () => {
    expect(decodeHolder('"v=spf1 -all"')).toBeUndefined();
  });
});

describe('lock keys', () => {
  it('takes the record name out of the engine’s zone/name/type key', () => {
    expect(lockRecordName('Z123/www.example.com/A')).toBe('_drctl-lock.www.example.com.');
    expect(lockRecordName('Z123/www.example.com/AAAA')).toBe('_drctl-lock.www.example.com.');
  });
});

describe('Route53Lock.release', () => {
  it('counts a lock as released when the DELETE conflicts because the lock is already gone', async () => {
    // The DELETE reached Route 53 but its answer was lost; the SDK's retry meets "not found".
    const { Route53Lock } = await import('../../../src/aws/route53-lock.js');
    const { DrctlError } = await import('../../../src/errors.js');
    const sets: RecordSet[] = [
      {
        Name: lockRecordName('www.example.com'),
        Type: 'TXT',
        TTL: 60,
        ResourceRecords: [{ Value: encodeHolder(holder) }],
      },
    ];
    const dns = {
      listRecordSets: async () => [...sets],
      changeRecordSets: async () => {
        sets.length = 0;
        throw new DrctlError('AWS_CALL_FAILED', 'not found', {
          cause: Object.assign(new Error('Tried to delete resource record set but it was not found'), {
            name: 'InvalidChangeBatch',
          }),
        });
      },
    } as unknown as DnsPort;
    await expect(
      new Route53Lock(dns, 'Z1').release('www.example.com', holder.runId),
    ).resolves.toBeUndefined();
  });
});
