import { describe, expect, it } from 'vitest';
import { decodeHolder, encodeHolder, lockRecordName } from '../../../src/aws/route53-lock.js';

describe('Route 53 lock record', () => {
  const holder = {
    runId: '20261130-0142-us-east-1-ab12',
    holder: 'ops@laptop',
    host: 'laptop',
    startedAt: '2026-11-30T01:42:00.000Z',
  };

  it('is a TXT name beside the record', () => {
    expect(lockRecordName('WWW.example.com.')).toBe('_drctl-lock.www.example.com.');
  });

  it('round-trips the holder through one quoted TXT string', () => {
    const v = encodeHolder(holder);
    expect(v).toMatch(/^"[^"]+"$/);
    expect(v.length).toBeLessThanOrEqual(255);
    expect(decodeHolder(v)).toEqual(holder);
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
