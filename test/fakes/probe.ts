/**
 * Scripted probe. Spec: a request goes to `connectHost` when given, else "through DNS"
 * to whatever the fake Route 53 answers for the hostname now; it succeeds when that host
 * is in `healthy` (names compared as ALB DNS names; an address counts as the name
 * `addressOwner` maps it to), unless `override` says otherwise.
 * Every request is logged, and successes and failures go on the shared timeline.
 */
import { normaliseLbDnsName } from '../../src/ports/load-balancers.js';
import type { ProbePort, ProbeRequest, ProbeResult } from '../../src/ports/probe.js';

export class FakeProbe implements ProbePort {
  healthy = new Set<string>();
  requests: ProbeRequest[] = [];
  override: ((req: ProbeRequest, n: number) => ProbeResult | undefined) | undefined;
  addressOwner: (host: string) => string | undefined = () => undefined;

  constructor(
    private readonly resolve: (hostname: string) => string | undefined,
    private readonly timeline: string[] = [],
  ) {}

  async probe(req: ProbeRequest, expectStatus: number): Promise<ProbeResult> {
    this.requests.push(req);
    const r = this.override?.(req, this.requests.length) ?? this.answer(req, expectStatus);
    this.timeline.push(`probe ${req.connectHost ? 'direct' : 'dns'} ${r.ok ? 'ok' : 'fail'}`);
    return r;
  }

  private answer(req: ProbeRequest, expectStatus: number): ProbeResult {
    const host = req.connectHost ?? this.resolve(req.hostname);
    if (!host) return { ok: false, latencyMs: 1, error: `could not resolve ${req.hostname}` };
    return this.healthy.has(normaliseLbDnsName(this.addressOwner(host) ?? host))
      ? { ok: true, status: expectStatus, latencyMs: 20 }
      : { ok: false, status: 503, latencyMs: 20, error: 'unexpected status 503' };
  }
}
