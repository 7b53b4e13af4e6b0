/**
 * Wait for the new ALB to be `active` (or `active_impaired`, with a warning) and every target group to have enough healthy
 * targets. The ALB is named by the stack outputs the input points at.
 */
import { DrctlError } from '../../errors.js';
import { typesOf } from '../../ports/dns.js';
import { isDualstack, type LoadBalancer } from '../../ports/load-balancers.js';
import type { RunContext } from '../context.js';
import { throwIfAborted, waitFor } from '../context.js';
import { DEFAULTS } from '../defaults.js';
import { skipped, span } from '../events.js';
import type { NewAlb } from '../input.js';
import { poll } from '../poller.js';
import { deployWaves } from './deploy.js';
import { probeUntilProven } from './probe.js';

async function albFromOutputs(ctx: RunContext): Promise<Record<string, string>> {
  const { alb, targetRegion } = ctx.input;
  const info = await ctx.ports.stacks.describe(targetRegion, alb.stack);
  if (!info)
    throw new DrctlError('NOT_FOUND', `stack ${alb.stack} (which names the ALB) is not in ${targetRegion}`);
  const need = (output: string) => {
    const value = info.outputs[output];
    if (!value) {
      throw new DrctlError('CONFIG_INVALID', `stack ${alb.stack} has no output ${output}`, {
        source: 'user',
        hints: ['check which outputs the config says name the ALB'],
      });
    }
    return value;
  };
  const out: Record<string, string> = { arn: need(alb.arnOutput) };
  if (alb.dnsNameOutput) out.dnsName = need(alb.dnsNameOutput);
  if (alb.canonicalZoneIdOutput) out.zoneId = need(alb.canonicalZoneIdOutput);
  (alb.targetGroupArnOutputs ?? []).forEach((o, i) => {
    out[`tg${i}`] = need(o);
  });
  return out;
}

export async function awaitAlb(ctx: RunContext): Promise<NewAlb> {
  const region = ctx.input.targetRegion;
  const out = await albFromOutputs(ctx);
  const arn = out.arn!;
  const lb = await poll({
    ...waitFor(ctx, ctx.waits.albActive, `load balancer ${arn} to be active`),
    check: async () => {
      const lb = await ctx.ports.lbs.describe(region, arn);
      if (!lb) return { done: false, seen: 'not found yet' };
      ctx.em.emit('alb-state', { arn, state: lb.state });
      if (lb.state === 'failed')
        throw new DrctlError('AWS_CALL_FAILED', `load balancer ${arn} is in state failed`);
      // ELB documents active_impaired as "routing traffic but does not have the resources
      // it needs to scale": it serves, so waiting for `active` could outlast the outage.
      if (lb.state === 'active_impaired') {
        ctx.em.warn(
          `load balancer ${arn} is active_impaired: routing traffic, but without the resources it needs to scale`,
        );
      }
      return lb.state === 'active' || lb.state === 'active_impaired'
        ? { done: true, value: lb }
        : { done: false, seen: lb.state };
    },
  });
  refuseAaaaWithoutIpv6(ctx, lb);
  const fromOutputs = Object.keys(out)
    .filter((k) => k.startsWith('tg'))
    .map((k) => out[k]!);
  const targetGroupArns = fromOutputs.length ? fromOutputs : await ctx.ports.lbs.targetGroupArns(region, arn);
  await awaitTargets(ctx, targetGroupArns);
  return {
    arn,
    dnsName: out.dnsName ?? lb.dnsName,
    canonicalHostedZoneId: out.zoneId ?? lb.canonicalHostedZoneId,
    targetGroupArns,
  };
}

/**
 * An AAAA alias to a load balancer without IPv6 answers no address, for every IPv6 user.
 * The live load balancer decides (ELBv2 `IpAddressType`), whatever the blueprint says;
 * refused here, before any DNS change.
 */
function refuseAaaaWithoutIpv6(ctx: RunContext, lb: LoadBalancer): void {
  if (!typesOf(ctx.input.record.type).includes('AAAA') || isDualstack(lb)) return;
  throw new DrctlError(
    'REFUSED',
    `dns.record.type is ${ctx.input.record.type} but load balancer ${lb.arn} is not dualstack (IpAddressType ${lb.ipAddressType ?? 'not reported'}), so an AAAA alias to it would answer no address; nothing in DNS was changed`,
    {
      source: 'user',
      hints: [
        'make the load balancer dualstack (IpAddressType dualstack, with IPv6 subnets), or use dns.record.type A',
      ],
    },
  );
}

async function awaitTargets(ctx: RunContext, arns: string[]): Promise<void> {
  const required = ctx.input.minHealthyTargets ?? DEFAULTS.minHealthyTargets;
  if (arns.length === 0) throw new DrctlError('NOT_FOUND', 'the new load balancer has no target groups');
  await poll({
    ...waitFor(
      ctx,
      ctx.waits.targetHealth,
      `${required} healthy target(s) in each of ${arns.length} target group(s)`,
      true,
      ctx.expect?.targets(),
    ),
    check: async () => {
      const short: string[] = [];
      for (const tg of arns) {
        const targets = await ctx.ports.lbs.targetHealth(ctx.input.targetRegion, tg);
        const healthy = targets.filter((t) => t.state === 'healthy').length;
        ctx.em.emit('target-health', { targetGroupArn: tg, healthy, total: targets.length, required });
        if (healthy < required) {
          const reasons = [...new Set(targets.map((t) => t.reason ?? t.state))].join(', ');
          short.push(`${tg}: ${healthy}/${targets.length} healthy${reasons ? ` (${reasons})` : ''}`);
        }
      }
      return short.length ? { done: false, seen: short.join('; ') } : { done: true, value: undefined };
    },
  });
}

/**
 * What every failover does before its first traffic change, records or switch mode: deploy
 * and await the ALB (each skipped when journaled), then, unless the change already began,
 * the pre-flip probe. Invariant 1: re-probed even on resume, since time has passed since
 * any earlier probe, so nothing sends traffic to an ALB that has not just passed it.
 */
export async function standUpAlb(ctx: RunContext, changeStarted: boolean): Promise<NewAlb> {
  const { em, timings, journal } = ctx;
  if (journal.isDone('deploy')) skipped(em, timings, 'deploy');
  else await span(em, timings, 'deploy', () => deployWaves(ctx).then(() => journal.done('deploy')));
  throwIfAborted(ctx);
  let alb = journal.doneData('await-alb');
  if (alb) skipped(em, timings, 'await-alb');
  else {
    alb = await span(em, timings, 'await-alb', () => awaitAlb(ctx));
    await journal.done('await-alb', alb);
  }
  if (!changeStarted) {
    const dnsName = alb.dnsName;
    await span(em, timings, 'pre-flip-probe', () => probeUntilProven(ctx, 'pre-flip', dnsName));
    await journal.done('pre-flip-probe');
  }
  return alb;
}
