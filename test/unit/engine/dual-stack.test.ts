/**
 * AAAA records. An AAAA alias answers only when its load balancer is dualstack (ELBv2
 * IpAddressType), so the live load balancer decides before any DNS change. A name with an
 * A and an AAAA alias moves both (`A+AAAA`): one batch, one lock, each family's answer
 * checked against the ALB's addresses of that family, and a rollback restores both,
 * proved by the record sets read back.
 */
import { describe, expect, it } from 'vitest';
import { failover } from '../../../src/engine/failover.js';
import type { RecordSet } from '../../../src/ports/dns.js';
import { createWorld, inputFor, NEW_ALB, NEW_ALB_LB, OLD_ALB } from '../../fakes/world.js';
import { errorCode, expectLockReleased, expectWriteAhead, settle } from './helpers.js';

const NAME = 'www.example.com.';
const aliasSet = (type: string, dns: string, zone: string): RecordSet => ({
  Name: NAME,
  Type: type,
  AliasTarget: { HostedZoneId: zone, DNSName: `dualstack.${dns}.`, EvaluateTargetHealth: true },
});

/** A simple-routing world whose name has an A and an AAAA alias to the old ALB. */
function dualWorld(ipAddressType: string | null = 'dualstack') {
  const w = createWorld('simple');
  w.dns.sets.push(aliasSet('AAAA', OLD_ALB, 'Z1OLD'));
  const seed = structuredClone(w.dns.sets);
  w.lbs.add({ ...NEW_ALB_LB, ...(ipAddressType ? { ipAddressType } : {}) });
  return { w, seed };
}

const input = (type: 'A' | 'AAAA' | 'A+AAAA') => {
  const i = inputFor('simple');
  return { ...i, record: { ...i.record, type } };
};

describe('A+AAAA: both alias types move together', () => {
  it('one change batch under one lock, each answer checked against its own family', async () => {
    const { w } = dualWorld();
    const r = await settle(failover(input('A+AAAA'), w.ports, w.sink));
    expect(r.outcome).toMatchObject({ kind: 'flipped', answerVerified: true });
    expect(w.dns.changeLog).toHaveLength(1);
    expect(w.dns.changeLog[0]!.changes.map((c) => `${c.Action} ${c.ResourceRecordSet.Type}`)).toEqual([
      'DELETE A',
      'CREATE A',
      'DELETE AAAA',
      'CREATE AAAA',
    ]);
    expect(w.timeline.filter((l) => l === 'call lock.acquire')).toHaveLength(1);
    expect(w.dns.sets.map((rs) => `${rs.Type} ${rs.AliasTarget?.DNSName}`)).toEqual([
      `A dualstack.${NEW_ALB}.`,
      `AAAA dualstack.${NEW_ALB}.`,
    ]);
    const v6 = w.dns.resolver.addressesOf(NEW_ALB, 'AAAA').sort();
    expect(w.sink.of('dns-answer')).toEqual([
      expect.objectContaining({ type: 'A', proof: 'read-back+answer', ok: true }),
      { type: 'AAAA', proof: 'read-back+answer', expected: v6, got: v6, ok: true },
    ]);
    expectWriteAhead(w);
    expectLockReleased(w);
  });

  it("an AAAA answer that is not the new ALB's IPv6 rolls both back, proved by the read-back", async () => {
    const { w, seed } = dualWorld();
    const oldV6 = w.dns.resolver.addressesOf(OLD_ALB, 'AAAA');
    w.dns.answerOverride = (_name, type) =>
      type === 'AAAA' && w.dns.changeLog.length === 1
        ? { responseCode: 'NOERROR', records: oldV6 }
        : undefined;
    const r = await settle(failover(input('A+AAAA'), w.ports, w.sink));
    expect(r.outcome).toMatchObject({ kind: 'rolled-back', cause: 'VERIFY_FAILED' });
    expect(r.outcome?.kind === 'rolled-back' && r.outcome.reason).toMatch(/for www\.example\.com AAAA/);
    // The rollback is one batch too, and puts both sets back field for field.
    expect(w.dns.changeLog).toHaveLength(2);
    expect(new Set(w.dns.changeLog[1]!.changes.map((c) => c.ResourceRecordSet.Type))).toEqual(
      new Set(['A', 'AAAA']),
    );
    expect(w.dns.sets).toStrictEqual(seed);
    expectLockReleased(w);
  });

  it('refuses before anything when the name has no AAAA record set: none is created', async () => {
    const w = createWorld('simple');
    w.lbs.add({ ...NEW_ALB_LB, ipAddressType: 'dualstack' });
    const r = await settle(failover(input('A+AAAA'), w.ports, w.sink));
    expect(errorCode(r)).toBe('CONFIG_INVALID');
    expect((r.error as Error).message).toMatch(/^no AAAA record set named www\.example\.com exists/);
    expect(w.dns.changeLog).toEqual([]);
    expect(w.timeline.some((l) => l.startsWith('call stacks.'))).toBe(false);
  });

  it('type A on a name that also has an AAAA alias to a load balancer: refused before anything, naming A+AAAA', async () => {
    const { w } = dualWorld();
    const r = await settle(failover(input('A'), w.ports, w.sink));
    expect(errorCode(r)).toBe('CONFIG_INVALID');
    expect((r.error as Error).message).toBe(
      'www.example.com has AAAA alias record sets to a load balancer as well as A: moving only A would leave IPv6 users on the old region',
    );
    expect((r.error as { hints?: string[] }).hints).toEqual([
      'set dns.record.type: A+AAAA so both move together, in one change batch',
    ]);
    expect(w.dns.changeLog).toEqual([]);
    expect(w.timeline.some((l) => l.startsWith('call stacks.'))).toBe(false);
  });
});

describe('AAAA needs a dualstack load balancer (the live one decides)', () => {
  it('refused when the new load balancer is ipv4 only: nothing in DNS changes, the lock is released', async () => {
    for (const type of ['AAAA', 'A+AAAA'] as const) {
      const { w } = dualWorld('ipv4');
      if (type === 'AAAA') w.dns.sets = w.dns.sets.filter((rs) => rs.Type === 'AAAA');
      const r = await settle(failover(input(type), w.ports, w.sink));
      expect(errorCode(r)).toBe('REFUSED');
      expect((r.error as Error).message).toMatch(
        new RegExp(
          `^dns\\.record\\.type is ${type.replace('+', '\\+')} but load balancer .* is not dualstack \\(IpAddressType ipv4\\)`,
        ),
      );
      expect(w.dns.changeLog).toEqual([]);
      expectLockReleased(w);
    }
  });

  it('refused when ELBv2 does not report the IP address type', async () => {
    const { w } = dualWorld(null);
    const r = await settle(failover(input('A+AAAA'), w.ports, w.sink));
    expect(errorCode(r)).toBe('REFUSED');
    expect(w.dns.changeLog).toEqual([]);
  });

  it('moves an AAAA-only record to a dualstack-without-public-ipv4 load balancer, probing its IPv6 answer', async () => {
    const w = createWorld('simple');
    w.dns.sets = [aliasSet('AAAA', OLD_ALB, 'Z1OLD')];
    w.lbs.add({ ...NEW_ALB_LB, ipAddressType: 'dualstack-without-public-ipv4' });
    const r = await settle(failover(input('AAAA'), w.ports, w.sink));
    expect(r.outcome).toMatchObject({ kind: 'flipped' });
    expect(w.dns.sets.map((rs) => `${rs.Type} ${rs.AliasTarget?.DNSName}`)).toEqual([
      `AAAA dualstack.${NEW_ALB}.`,
    ]);
    expect(w.sink.of('dns-answer').map((e) => e.type)).toEqual(['AAAA']);
  });
});
