/**
 * Verification as AWS answers: TestDNSAnswer gives an alias's addresses (never the ALB's
 * name), the ALB's node set may change, and the post-flip probe goes to the addresses
 * Route 53 answers with the public name as SNI and Host.
 */
import { describe, expect, it } from 'vitest';
import { failover } from '../../../src/engine/failover.js';
import { createWorld, inputFor, NEW_ALB, OLD_ALB } from '../../fakes/world.js';
import { expectLockReleased, expectRestored, settle } from './helpers.js';

describe("after a flip, Route 53 must answer the new ALB's addresses", () => {
  it('answers every address of the new ALB: flipped, proof read-back+answer, answer = ALB addresses', async () => {
    const w = createWorld('simple');
    const r = await settle(failover(inputFor('simple'), w.ports, w.sink));
    expect(r.outcome).toMatchObject({ kind: 'flipped', answerVerified: true });
    const alb = w.dns.resolver.addressesOf(NEW_ALB, 'A').sort();
    expect(w.sink.of('dns-answer')).toEqual([
      { type: 'A', proof: 'read-back+answer', expected: alb, got: alb, ok: true },
    ]);
  });

  it("answers the old ALB's addresses: VERIFY_FAILED naming both sets, rolled back", async () => {
    const w = createWorld('simple');
    const old = w.dns.resolver.addressesOf(OLD_ALB, 'A');
    w.dns.answerOverride = () =>
      w.dns.changeLog.length === 1 ? { responseCode: 'NOERROR', records: old } : undefined;
    const r = await settle(failover(inputFor('simple'), w.ports, w.sink));
    expect(r.outcome).toMatchObject({ kind: 'rolled-back', cause: 'VERIFY_FAILED' });
    expect(r.outcome?.kind === 'rolled-back' && r.outcome.reason).toMatch(
      new RegExp(
        `^Route 53 answers ${[...old].sort().join(', ')} for www.example.com A, not addresses of ${NEW_ALB}`,
      ),
    );
    expectRestored(w);
    expectLockReleased(w);
  });

  it('answers nothing (NOERROR, no data): VERIFY_FAILED, rolled back', async () => {
    const w = createWorld('simple');
    w.dns.answerOverride = () =>
      w.dns.changeLog.length === 1 ? { responseCode: 'NOERROR', records: [] } : undefined;
    const r = await settle(failover(inputFor('simple'), w.ports, w.sink));
    expect(r.outcome).toMatchObject({ kind: 'rolled-back', cause: 'VERIFY_FAILED' });
    expect(r.outcome?.kind === 'rolled-back' && r.outcome.reason).toMatch(/^Route 53 answers \(nothing\)/);
  });

  it('answers one node of two: a subset is enough (nodes come and go)', async () => {
    const w = createWorld('failover');
    const one = w.dns.resolver.addressesOf(NEW_ALB, 'A').slice(0, 1);
    w.dns.answerOverride = () =>
      w.dns.changeLog.length === 1 ? { responseCode: 'NOERROR', records: one } : undefined;
    const r = await settle(failover(inputFor('failover'), w.ports, w.sink));
    expect(r.outcome).toMatchObject({ kind: 'flipped', answerVerified: true });
  });

  it('the ALB replaces a node between the two looks: asks again and passes', async () => {
    const w = createWorld('simple');
    const fresh = ['198.18.200.1', '198.18.200.2'];
    let looks = 0;
    const real = w.dns.resolver.resolve.bind(w.dns.resolver);
    // Route 53 already answers the new nodes; the first resolution still sees the old ones.
    w.dns.resolver.resolve = async (name, type) => {
      looks++;
      if (looks === 1) return real(name, type);
      w.dns.resolver.nodes.set(NEW_ALB, { A: fresh, AAAA: [] });
      return real(name, type);
    };
    w.dns.answerOverride = () =>
      w.dns.changeLog.length === 1 ? { responseCode: 'NOERROR', records: fresh } : undefined;
    const r = await settle(failover(inputFor('simple'), w.ports, w.sink));
    expect(r.outcome).toMatchObject({ kind: 'flipped', answerVerified: true });
    expect(looks).toBe(2);
    expect(w.sink.of('dns-answer')).toEqual([
      { type: 'A', proof: 'read-back+answer', expected: fresh, got: fresh, ok: true },
    ]);
  });

  it('the record sets read back differ from what the flip wrote: VERIFY_FAILED, rolled back', async () => {
    const w = createWorld('simple');
    w.sink.onEvent = (e) => {
      // Someone else re-points the record between INSYNC and the read-back.
      if (
        e.code === 'dns-change-status' &&
        (e.data as { status: string }).status === 'INSYNC' &&
        w.dns.changeLog.length === 1
      )
        w.dns.sets = w.dns.sets.map((rs) => ({
          ...rs,
          AliasTarget: { ...rs.AliasTarget!, EvaluateTargetHealth: false },
        }));
    };
    const r = await settle(failover(inputFor('simple'), w.ports, w.sink));
    expect(r.outcome).toMatchObject({ kind: 'rolled-back', cause: 'VERIFY_FAILED' });
    expect(r.outcome?.kind === 'rolled-back' && r.outcome.reason).toBe(
      'the record sets read back after the flip differ from what it wrote',
    );
    expectRestored(w);
  });

  it('the ALB name does not resolve: VERIFY_FAILED, rolled back', async () => {
    const w = createWorld('simple');
    w.dns.resolver.failing.add(NEW_ALB);
    const r = await settle(failover(inputFor('simple'), w.ports, w.sink));
    expect(r.outcome).toMatchObject({ kind: 'rolled-back' });
    expectRestored(w);
  });
});

describe('the post-flip probe', () => {
  it('goes to each address Route 53 answers, public name as SNI and Host, never through a resolver', async () => {
    const w = createWorld('simple');
    await settle(failover(inputFor('simple'), w.ports, w.sink));
    const answer = w.dns.answerFor('www.example.com', 'A');
    const post = w.probe.requests.filter((q) => answer.includes(q.connectHost ?? ''));
    expect(post).toHaveLength(3);
    expect(new Set(post.map((q) => q.connectHost))).toEqual(new Set(answer));
    expect(post.every((q) => q.hostname === 'www.example.com')).toBe(true);
    expect(w.probe.requests.every((q) => q.connectHost !== undefined)).toBe(true);
  });

  it("after an intermediate weighted step (answer chosen per query) goes to the new ALB's addresses", async () => {
    const w = createWorld('weighted');
    const input = inputFor('weighted');
    input.record.weightSteps = [50, 100];
    const r = await settle(failover(input, w.ports, w.sink));
    expect(r.outcome).toMatchObject({ kind: 'flipped' });
    const alb = w.dns.resolver.addressesOf(NEW_ALB, 'A');
    const firstStep = w.sink.of('dns-answer')[0]!;
    expect(firstStep).toEqual({
      type: 'A',
      proof: 'read-back',
      expected: alb.sort(),
      got: undefined,
      ok: true,
    });
  });
});
