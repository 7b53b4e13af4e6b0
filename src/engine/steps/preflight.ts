/**
 * Everything checked before the first mutation: the input's own consistency, the
 * credentials, and that the live record sets have the shape the config describes.
 * Bad input is rejected here with one sentence per problem (safety invariant 8).
 */
import { DrctlError, ValidationError } from '../../errors.js';
import { isRoutingPolicy, ROUTING_POLICIES, typesOf } from '../../ports/dns.js';
import type { DnsContext, RunContext } from '../context.js';
import { checkMedia } from '../data/media-check.js';
import { DEFAULTS } from '../defaults.js';
import { refuseHalfMove, requireRecord, servingRegion, sourceRegion, validateShape } from '../dns-plan.js';
import type { FailoverInput } from '../input.js';
import type { FoundData } from '../journal-entries.js';

export function validateInput(input: FailoverInput): void {
  const problems: string[] = [];
  const { record, primaryRegion: from, targetRegion: to } = input;
  if (!isRoutingPolicy(record.routing)) {
    problems.push(`record.routing ${String(record.routing)} is not one of ${ROUTING_POLICIES.join(', ')}`);
  }
  if (record.routing !== 'simple') {
    for (const r of [from, to]) {
      if (!record.setIdentifiers?.[r]) problems.push(`record.setIdentifiers has no entry for ${r}`);
    }
  }
  const seen = new Set<string>();
  for (const wave of input.waves) {
    for (const s of wave) {
      for (const [param, ref] of Object.entries(s.parametersFrom ?? {})) {
        if (!seen.has(ref.fromStack)) {
          problems.push(
            `stack ${s.name} parameter ${param} reads ${ref.fromStack}, which is not in an earlier wave`,
          );
        }
      }
    }
    for (const s of wave) {
      if (seen.has(s.name)) problems.push(`stack ${s.name} appears twice in the waves`);
      seen.add(s.name);
    }
  }
  if (input.switch) {
    for (const r of [from, to]) {
      if (!input.switch.regions.includes(r)) problems.push(`switch.regions has no control for ${r}`);
    }
  }
  const v = input.verification;
  if ((v.consecutiveSuccesses ?? DEFAULTS.verification.consecutiveSuccesses) < 1)
    problems.push('verification.consecutiveSuccesses must be at least 1');
  if (!v.path.startsWith('/')) problems.push(`verification.path ${v.path} must start with /`);
  if (problems.length) throw new ValidationError(problems, 'failover input');
}

/**
 * Credentials, that the record exists (never created), its shape, and whether the target
 * already serves. Returns what it found (the record sets and the region they serve) and
 * the reason for a no-op, if any. `checkServing` is off for resumed runs (a run that
 * flipped before dying is not a no-op) and with `force`. Sets `ctx.from`, unless a resumed
 * run journaled it already.
 */
export async function preflight(
  ctx: RunContext,
  input: FailoverInput,
  checkServing: boolean,
): Promise<{ noop?: string; found: FoundData }> {
  await ctx.ports.identity.whoami(input.targetRegion);
  // Both alias types in the one read: a name with both must move both.
  const both = await ctx.ports.dns.listRecordSets(ctx.zoneId, ctx.name, 'A+AAAA');
  const types = typesOf(input.record.type);
  const records = both.filter((rs) => types.includes(rs.Type));
  requireRecord(records, input.record, `hosted zone ${ctx.zoneId}`);
  refuseHalfMove(both, input.record);
  const serving = servingRegion(records, input.record);
  const found: FoundData = serving ? { records, serving } : { records };
  if (!ctx.journal.isDone('found')) {
    // A journal from before `found` existed: its snapshot says where traffic was.
    const before = ctx.journal.doneData('snapshot')?.records ?? records;
    ctx.from = sourceRegion(before, input.record, input.primaryRegion, input.targetRegion);
  }
  validateShape(records, input.record, ctx.from, input.targetRegion);
  await checkMediaReady(ctx, input);
  if (checkServing && serving === input.targetRegion) {
    return { noop: `${input.record.name} already routes to ${input.targetRegion}`, found };
  }
  return { found };
}

/**
 * Media must be readable in the target region before traffic goes there. An error
 * refuses the run (unless `force`: an operator may choose a site without media over no
 * site); warnings, such as an unreachable source region, are reported and the run goes on.
 */
export async function checkMediaReady(ctx: DnsContext, input: FailoverInput): Promise<void> {
  if (!input.media || !ctx.ports.media) return;
  const result = await checkMedia(input.media, ctx.ports.media, ctx.ports.clock);
  for (const f of result.findings) if (f.severity === 'warning') ctx.em.warn(`media: ${f.message}`);
  const errors = result.findings.filter((f) => f.severity === 'error');
  if (errors.length === 0) return;
  if (input.flags?.force) {
    for (const f of errors) ctx.em.warn(`media (ignored with --force): ${f.message}`);
    return;
  }
  throw new DrctlError(
    'REFUSED',
    `media is not ready in ${input.targetRegion}: ${errors.map((f) => f.message).join('; ')}`,
    {
      source: 'user',
      hints: ['fix the replication (docs/data.md), or pass --force to fail over without it'],
    },
  );
}
