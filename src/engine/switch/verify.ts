/**
 * Proving a switch flip on the data plane. Route 53's control plane (TestDNSAnswer) may be
 * the very thing that is down, so drctl asks the zone's authoritative servers directly,
 * several times each (each server acts on health-check results it receives on its own
 * schedule), until every answer is an address of the new ALB as resolved at that moment
 * (asked again at each look: a load balancer's nodes change). Health checks need time to
 * notice a control change, so this polls within the verification window. The post-flip
 * probe then goes to the addresses the authoritative servers answer.
 */
import { DrctlError, isDrctlError } from '../../errors.js';
import type { AuthoritativeAnswer } from '../../ports/authoritative-dns.js';
import { normaliseLbDnsName } from '../../ports/load-balancers.js';
import type { RunContext } from '../context.js';
import { waitFor } from '../context.js';
import { DEFAULTS } from '../defaults.js';
import type { NewAlb, SwitchInput } from '../input.js';
import { poll } from '../poller.js';

const QUERIES_PER_SERVER = 3;
/** Health checks report every 10-30 s: looking more often than every 2 s learns nothing. */
const MIN_DELAY_MS = 2000;
const MAX_DELAY_MS = 5000;

async function authoritativeServers(ctx: RunContext, sw: SwitchInput): Promise<string[]> {
  if (sw.nameServers?.length) return sw.nameServers;
  const port = ctx.ports.authDns;
  if (!port)
    throw new DrctlError(
      'INTERNAL',
      'the switch mode is configured but no authoritative DNS adapter was wired',
    );
  const servers = await port.nameServers(sw.zoneName);
  if (servers.length === 0) {
    throw new DrctlError('VERIFY_FAILED', `no authoritative name server found for ${sw.zoneName}`, {
      source: 'aws',
      hints: ['list them in verification.nameServers'],
    });
  }
  return servers;
}

/** Every server answered, and only with the ALB's addresses (a server that timed out once may answer the next query). */
function settled(answers: AuthoritativeAnswer[], servers: string[], expected: string[]): boolean {
  const good = (a: AuthoritativeAnswer) =>
    a.rcode === 'NOERROR' && a.addresses.length > 0 && a.addresses.every((x) => expected.includes(x));
  return (
    answers.every((a) => good(a) || a.rcode === 'TIMEOUT') &&
    servers.every((s) => answers.some((a) => a.server === s && good(a)))
  );
}

function summary(answers: AuthoritativeAnswer[]): string {
  const seen = new Map<string, Set<string>>();
  for (const a of answers) {
    const got = seen.get(a.server) ?? new Set<string>();
    got.add(a.rcode === 'NOERROR' ? a.addresses.join(' ') || '(no address)' : a.rcode);
    seen.set(a.server, got);
  }
  return [...seen].map(([s, got]) => `${s}: ${[...got].join(' | ')}`).join('; ') || 'no answer';
}

/** Polls the authoritative servers until they settle on the ALB; returns the addresses to probe. */
export async function verifyAuthoritative(ctx: RunContext, alb: NewAlb): Promise<string[]> {
  const sw = ctx.input.switch!;
  const port = ctx.ports.authDns;
  if (!port)
    throw new DrctlError(
      'INTERNAL',
      'the switch mode is configured but no authoritative DNS adapter was wired',
    );
  const servers = await authoritativeServers(ctx, sw);
  const type = ctx.type === 'AAAA' ? 'AAAA' : 'A';
  const albName = normaliseLbDnsName(alb.dnsName);
  const windowMs = ctx.input.verification.windowMs ?? DEFAULTS.verification.windowSeconds * 1000;
  const describe = `the authoritative servers of ${sw.zoneName} to answer ${ctx.name} with ${albName}`;
  let last = 'no answer';
  try {
    return await poll({
      ...waitFor(ctx, { minDelayMs: MIN_DELAY_MS, maxDelayMs: MAX_DELAY_MS, deadlineMs: windowMs }, describe),
      check: async (attempt) => {
        const expected = (await ctx.ports.resolver.resolve(albName, type)).sort();
        const answers = await port.query(ctx.name, type, servers, sw.queriesPerServer ?? QUERIES_PER_SERVER);
        const ok = settled(answers, servers, expected);
        ctx.em.emit('authoritative-answer', { attempt, expected, answers, ok });
        if (ok) {
          const addresses = [...new Set(answers.flatMap((a) => a.addresses))].sort();
          return { done: true, value: addresses };
        }
        last = `${summary(answers)} (the ALB has ${expected.join(' ') || 'no address'})`;
        return { done: false, seen: last };
      },
    });
  } catch (e) {
    if (isDrctlError(e) && e.code === 'TIMEOUT') {
      throw new DrctlError(
        'VERIFY_FAILED',
        `${describe} did not settle within ${windowMs / 1000}s; last saw ${last}`,
        { source: 'aws', cause: e },
      );
    }
    throw e;
  }
}
