/**
 * `drctl plan` and `--dry-run`: what a failover would do, with zero mutating calls. No
 * lock, no journal, no stack operation: only describes and reads.
 */
import { isDrctlError } from '../errors.js';
import { stackStatus } from '../ports/stack-status.js';
import type { RunContext } from './context.js';
import { alreadyRoutesTo, planFlip } from './dns-plan.js';
import { span } from './events.js';
import type { FailoverOutcome } from './input.js';
import { readRecordSets } from './steps/dns.js';
import { preflight } from './steps/preflight.js';

export async function planRun(ctx: RunContext): Promise<FailoverOutcome> {
  const { input, ports, em, timings } = ctx;
  const base = () => ({ runId: ctx.runId, timings, totalMs: ports.clock.now() - ctx.startedAt, journal: '' });
  const pre = await span(em, timings, 'preflight', () => preflight(ctx, input, !input.flags?.force));
  if (pre.noop) return { ...base(), kind: 'no-op', reason: pre.noop };
  const stacks: { name: string; action: 'create' | 'update' }[] = [];
  for (const s of input.waves.flat()) {
    const info = await ports.stacks.describe(input.targetRegion, s.name);
    stacks.push({ name: s.name, action: info && !stackStatus.isDeleted(info.status) ? 'update' : 'create' });
  }
  const batches = await dnsPlanIfAlbExists(ctx);
  if (batches) em.emit('dns-plan', { batches, comment: `drctl ${ctx.runId} (dry run)` });
  return { ...base(), kind: 'planned', stacks, ...(batches ? { batches } : {}) };
}

/** The DNS batches, when the ALB stack already exists (else they depend on the deploy). */
async function dnsPlanIfAlbExists(ctx: RunContext) {
  const { input, ports } = ctx;
  const info = await ports.stacks.describe(input.targetRegion, input.alb.stack);
  const arn = info?.outputs[input.alb.arnOutput];
  if (!info || !arn || !stackStatus.isStable(info.status)) return undefined;
  const lb = await ports.lbs.describe(input.targetRegion, arn);
  if (!lb) return undefined;
  const planInput = {
    snapshot: await readRecordSets(ctx),
    record: input.record,
    fromRegion: ctx.from,
    toRegion: input.targetRegion,
    alb: {
      dnsName: (input.alb.dnsNameOutput && info.outputs[input.alb.dnsNameOutput]) || lb.dnsName,
      canonicalHostedZoneId:
        (input.alb.canonicalZoneIdOutput && info.outputs[input.alb.canonicalZoneIdOutput]) ||
        lb.canonicalHostedZoneId,
    },
  };
  if (alreadyRoutesTo(planInput)) return [];
  try {
    return planFlip(planInput).map((b) => b.changes);
  } catch (e) {
    if (isDrctlError(e)) ctx.em.warn(`the DNS change could not be planned: ${e.message}`);
    return undefined;
  }
}
