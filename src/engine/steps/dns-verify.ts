/**
 * Proving a flip as AWS answers it. Route 53's TestDNSAnswer returns what `dig` shows: for
 * an alias to a load balancer that is the load balancer's addresses, never its name. And a
 * load balancer's addresses change as AWS scales or replaces its nodes. So:
 *
 * - The primary proof, for every routing policy, is the record sets read back after the
 *   change is INSYNC: they must be what the flip wrote.
 * - When the batch leaves the new ALB as the only possible answer (simple, failover with
 *   the new PRIMARY, weighted at 100 %, latency with no other region), Route 53's answer
 *   must also be a non-empty subset of the addresses the ALB's name resolves to at that
 *   moment (asked again a few times, in case the node set changed between the two looks).
 *   Other batches (an intermediate weighted step, latency beside other regions) are
 *   answered per query or per resolver location, so they rest on the read-back alone.
 * - The post-flip probe goes to the addresses Route 53 now answers (or, for those other
 *   batches, the ALB's), so it never depends on the operator's resolver cache.
 * - `A+AAAA` checks each type's answer against the ALB's addresses of that family (IPv4
 *   for A, IPv6 for AAAA); the probe goes to the A answer's addresses, since the machine
 *   running drctl may have no IPv6 route (an AAAA-only record probes its IPv6 answer).
 */
import { DrctlError } from '../../errors.js';
import { type AliasType, type RecordSet, typesOf } from '../../ports/dns.js';
import { normaliseLbDnsName } from '../../ports/load-balancers.js';
import type { DnsContext } from '../context.js';
import type { AlbTarget } from '../dns-plan.js';
import { sameRecordSets } from '../dns-restore.js';
import { readRecordSets } from './dns.js';

/** Looks at Route 53's answer and the ALB's addresses this many times before giving up. */
const ANSWER_ATTEMPTS = 3;

interface FlipVerified {
  /** False when the answer should have been checked but TestDNSAnswer is not available. */
  answerVerified: boolean;
  /** Where the post-flip probe connects: Route 53's answer, or the ALB's addresses. */
  probeAddresses: string[];
}

/** Names compared case-insensitively, alias targets as load balancer names. */
function comparable(rs: RecordSet): RecordSet {
  const alias = rs.AliasTarget;
  return {
    ...rs,
    Name: rs.Name.toLowerCase().replace(/\.?$/, '.'),
    ...(alias ? { AliasTarget: { ...alias, DNSName: normaliseLbDnsName(alias.DNSName) } } : {}),
  };
}

/** The alias types the run moves: A, AAAA, or both (A first). */
function aliasTypes(ctx: DnsContext): AliasType[] {
  return typesOf(ctx.type).map((t) => (t === 'AAAA' ? 'AAAA' : 'A'));
}

/** The record sets read back must be the ones the change wrote (every routing policy). */
async function verifyReadBack(ctx: DnsContext, expected: RecordSet[], what: string): Promise<void> {
  const live = await readRecordSets(ctx);
  if (!sameRecordSets(live.map(comparable), expected.map(comparable))) {
    throw new DrctlError(
      'VERIFY_FAILED',
      `the record sets read back after ${what} differ from what it wrote`,
      {
        source: 'aws',
      },
    );
  }
}

/**
 * After a flip batch is INSYNC: the read-back, then (when `checkAnswer`) Route 53's answer
 * against the ALB's live addresses. Emits `dns-answer` saying which proof was used.
 */
export async function verifyFlip(
  ctx: DnsContext,
  o: { alb: AlbTarget; expected: RecordSet[]; checkAnswer: boolean },
): Promise<FlipVerified> {
  await verifyReadBack(ctx, o.expected, 'the flip');
  let answerVerified = true;
  let probeAddresses: string[] | undefined;
  for (const type of aliasTypes(ctx)) {
    const v = await verifyType(ctx, o, type);
    answerVerified &&= v.answerVerified;
    probeAddresses ??= v.probeAddresses;
  }
  return { answerVerified, probeAddresses: probeAddresses ?? [] };
}

/** One alias type's answer against the ALB's addresses of the same family. */
async function verifyType(
  ctx: DnsContext,
  o: { alb: AlbTarget; checkAnswer: boolean },
  type: AliasType,
): Promise<FlipVerified> {
  const albName = normaliseLbDnsName(o.alb.dnsName);
  if (!o.checkAnswer) {
    const albAddresses = await ctx.ports.resolver.resolve(albName, type);
    ctx.em.emit('dns-answer', { type, proof: 'read-back', expected: albAddresses, got: undefined, ok: true });
    return { answerVerified: true, probeAddresses: albAddresses };
  }
  let got: string[] = [];
  let albAddresses: string[] = [];
  for (let attempt = 1; attempt <= ANSWER_ATTEMPTS; attempt++) {
    const answer = await ctx.ports.dns.testDnsAnswer(ctx.zoneId, ctx.name, type);
    albAddresses = (await ctx.ports.resolver.resolve(albName, type)).sort();
    if (answer === undefined) {
      ctx.em.warn(
        'TestDNSAnswer is not available here: the DNS answer was not verified (the record sets read back and the probe were)',
      );
      ctx.em.emit('dns-answer', {
        type,
        proof: 'read-back',
        expected: albAddresses,
        got: undefined,
        ok: true,
      });
      return { answerVerified: false, probeAddresses: albAddresses };
    }
    got = [...answer.records].sort();
    const ok = got.length > 0 && got.every((a) => albAddresses.includes(a));
    if (ok || attempt === ANSWER_ATTEMPTS) {
      ctx.em.emit('dns-answer', { type, proof: 'read-back+answer', expected: albAddresses, got, ok });
      if (ok) return { answerVerified: true, probeAddresses: got };
    }
  }
  throw new DrctlError(
    'VERIFY_FAILED',
    `Route 53 answers ${got.join(', ') || '(nothing)'} for ${ctx.name} ${type}, not addresses of ${albName} (${albAddresses.join(', ') || 'none'})`,
    { source: 'aws' },
  );
}
