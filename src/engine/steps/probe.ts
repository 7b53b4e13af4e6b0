/**
 * The probe stages: N consecutive successes of the public hostname's health path, with TLS
 * SNI and Host the public name, connected to the new ALB's name (pre-flip: the certificate
 * and listener rules are proven before any user is sent there) or to the addresses Route 53
 * answers (post-flip; each attempt takes the next address, so every node is tried and no
 * resolver cache is in the way). One poller with a constant interval and the window as deadline.
 */
import { DrctlError, isDrctlError } from '../../errors.js';
import type { ProbeResult } from '../../ports/probe.js';
import type { RunContext } from '../context.js';
import { waitFor } from '../context.js';
import { DEFAULTS } from '../defaults.js';
import type { ProbeStage } from '../events.js';
import { poll } from '../poller.js';

const V = DEFAULTS.verification;

export async function probeUntilProven(
  ctx: RunContext,
  stage: ProbeStage,
  connectTo?: string | string[],
): Promise<void> {
  const hosts = connectTo === undefined ? [] : [connectTo].flat();
  const v = ctx.input.verification;
  const required = v.consecutiveSuccesses ?? V.consecutiveSuccesses;
  const intervalMs = v.intervalMs ?? V.intervalSeconds * 1000;
  const expect = v.expectStatus ?? V.expectStatus;
  const via = hosts.length ? `via ${hosts.join(', ')}` : 'through DNS';
  const describe = `${stage} probe of https://${v.hostname}${v.path} ${via} (${required} successes in a row)`;
  let consecutive = 0;
  let last = 'no answer';
  const windowMs = v.windowMs ?? V.windowSeconds * 1000;
  try {
    await poll({
      ...waitFor(ctx, { minDelayMs: intervalMs, maxDelayMs: intervalMs, deadlineMs: windowMs }, describe),
      check: async (attempt) => {
        const r = await probeOnce(
          ctx,
          hosts.length ? hosts[(attempt - 1) % hosts.length] : undefined,
          expect,
        );
        consecutive = r.ok ? consecutive + 1 : 0;
        ctx.em.emit('probe-attempt', {
          stage,
          attempt,
          ok: r.ok,
          latencyMs: r.latencyMs,
          consecutive,
          required,
          ...(r.status === undefined ? {} : { status: r.status }),
          ...(r.error === undefined ? {} : { error: r.error }),
        });
        if (consecutive >= required) return { done: true, value: undefined };
        last = r.ok ? `${consecutive} in a row` : (r.error ?? `status ${r.status}`);
        return { done: false, seen: last };
      },
    });
  } catch (e) {
    if (isDrctlError(e) && e.code === 'TIMEOUT') {
      throw new DrctlError(
        'PROBE_FAILED',
        `${describe} did not pass within ${windowMs / 1000}s; last saw: ${last}`,
        {
          source: 'aws',
          cause: e,
        },
      );
    }
    throw e;
  }
}

/** A probe that throws (a bug in an adapter, a DNS failure) counts as one failed attempt. */
async function probeOnce(
  ctx: RunContext,
  connectHost: string | undefined,
  expect: number,
): Promise<ProbeResult> {
  const v = ctx.input.verification;
  try {
    return await ctx.ports.probe.probe(
      {
        hostname: v.hostname,
        path: v.path,
        timeoutMs: v.timeoutMs ?? V.timeoutSeconds * 1000,
        ...(connectHost ? { connectHost } : {}),
        ...(v.connectTo ? { connectTo: v.connectTo } : {}),
        ...(v.caFile ? { caFile: v.caFile } : {}),
      },
      expect,
    );
  } catch (e) {
    return { ok: false, latencyMs: 0, error: e instanceof Error ? e.message : String(e) };
  }
}
