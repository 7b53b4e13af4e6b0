/**
 * Failing back: once traffic is on the DR region, `failover <primary>` is the same
 * operation towards the old region. Round trip us-west-2 -> us-east-1 -> us-west-2, each
 * leg verified (probe through DNS and Route 53's answer), for every routing policy.
 */
import { describe, expect, it } from 'vitest';
import { failover } from '../../../src/engine/failover.js';
import { rollbackRun } from '../../../src/engine/rollback.js';
import type { RoutingPolicy } from '../../../src/ports/dns.js';
import { RecordingSink } from '../../fakes/sink.js';
import { createWorld, inputFor, OLD_ALB } from '../../fakes/world.js';
import { expectLockReleased, expectProbedBeforeFlip, expectWriteAhead } from './helpers.js';

const OLD_ARN = 'arn:aws:elasticloadbalancing:us-west-2:111122223333:loadbalancer/app/old-alb/1';
const OLD_TG = 'arn:aws:elasticloadbalancing:us-west-2:111122223333:targetgroup/web/1';

function worldWithPrimaryStacks(routing: RoutingPolicy) {
  const w = createWorld(routing);
  w.stacks.script('shop-alb', { outputs: { LoadBalancerArn: OLD_ARN } }, 'us-west-2');
  w.lbs
    .add({
      arn: OLD_ARN,
      name: 'old-alb',
      region: 'us-west-2',
      dnsName: OLD_ALB,
      canonicalHostedZoneId: 'Z1OLD',
      scheme: 'internet-facing',
      type: 'application',
    })
    .targetGroups(OLD_ARN, [OLD_TG])
    .scriptHealth(OLD_TG, [
      { id: 'i-3', state: 'healthy' },
      { id: 'i-4', state: 'healthy' },
    ]);
  return w;
}

describe('failback', () => {
  it.each<RoutingPolicy>(['simple', 'failover', 'weighted', 'latency'])(
    '%s: primary -> target -> primary, each leg verified',
    async (routing) => {
      const w = worldWithPrimaryStacks(routing);
      const out = await failover(inputFor(routing), w.ports, new RecordingSink());
      expect(out).toMatchObject({
        kind: 'flipped',
        from: 'us-west-2',
        to: 'us-east-1',
        answerVerified: true,
      });
      w.dns.resolverRegion = 'us-west-2';
      const sink = new RecordingSink();
      const back = await failover(
        inputFor(routing, { runId: 'run-2', targetRegion: 'us-west-2' }),
        w.ports,
        sink,
      );
      expect(back).toMatchObject({
        kind: 'flipped',
        from: 'us-east-1',
        to: 'us-west-2',
        answerVerified: true,
      });
      expect(sink.of('dns-answer').at(-1)).toMatchObject({ ok: true });
      expect(w.dns.sets.some((rs) => rs.AliasTarget?.DNSName.includes(OLD_ALB))).toBe(true);
      expect(w.dns.changeLog.at(-1)?.comment).toBe('drctl run-2 failover us-east-1 -> us-west-2 step 1');
      expectWriteAhead(w);
      expectProbedBeforeFlip(w);
      expectLockReleased(w);
      // Rolling the first run back now is refused (the failback superseded it), or, where
      // the failback recreated exactly what that run found, verifies and changes nothing.
      const changes = w.dns.changeLog.length;
      const r = await rollbackRun('run-1', w.ports, new RecordingSink(), { yes: true }).catch((e) => e);
      const exact = routing === 'simple' || routing === 'latency';
      if (exact) expect(r).toMatchObject({ kind: 'restored', restore: [] });
      else expect(r).toMatchObject({ code: 'REFUSED' });
      expect(w.dns.changeLog).toHaveLength(changes);
      expect(w.dns.sets.some((rs) => rs.AliasTarget?.DNSName.includes(OLD_ALB))).toBe(true);
    },
  );

  it('failing back while the primary already serves is a no-op', async () => {
    const w = worldWithPrimaryStacks('failover');
    const r = await failover(
      inputFor('failover', { targetRegion: 'us-west-2' }),
      w.ports,
      new RecordingSink(),
    );
    expect(r).toMatchObject({ kind: 'no-op', reason: 'www.example.com already routes to us-west-2' });
    expect(w.dns.changeLog).toEqual([]);
  });
});
