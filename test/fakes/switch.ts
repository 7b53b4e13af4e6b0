/**
 * Fakes of the data-plane switch (docs/data-plane.md) and the zone's authoritative servers.
 *
 * FakeSwitch spec: each region's control is On or Off. `set` applies as the s3-object
 * switch does (targets On first, then the others Off, one write each; `arc` the same, the
 * cluster applies the whole batch at once) and refuses, changing nothing, a batch that
 * would leave no region On (ARC's ATLEAST 1 safety rule). `failWrite(region, state, n)`
 * makes the n-th such write throw, after the earlier ones took effect (a set that fails
 * half way); `failReads` makes `read` throw. Every change is stamped on the clock.
 *
 * FakeAuthoritativeDns spec: failover records, PRIMARY the primary region; a record is
 * healthy while its region's control is On; Route 53 answers the PRIMARY when healthy,
 * else the healthy SECONDARY, else the PRIMARY ("If all records are unhealthy, Route 53
 * responds with the primary"). Health checks see a control change `propagationMs` after
 * it (answers until then follow the old states); `stuck` answers the old states forever.
 * An answer is the serving region's ALB addresses from the fake resolver.
 *
 * controlPlaneTripwire: a DnsPort whose every method records the call and throws, for
 * the proof that a switch run never touches Route 53's control plane.
 */
import type { AuthoritativeAnswer, AuthoritativeDnsPort } from '../../src/ports/authoritative-dns.js';
import type { DnsPort } from '../../src/ports/dns.js';
import type { SwitchState, TrafficSwitchPort } from '../../src/ports/traffic-switch.js';
import type { FakeClock } from './clock.js';
import type { FakeResolver } from './resolver.js';

type States = Record<string, SwitchState>;

export class FakeSwitch implements TrafficSwitchPort {
  states: States;
  sets: States[] = [];
  reads = 0;
  failReads = false;
  /** When the states last changed, and what they were before. */
  changedAt = 0;
  previous: States;
  private writeFaults: { region: string; state: SwitchState; left: number }[] = [];

  constructor(
    readonly kind: 'arc' | 's3-object',
    initial: States,
    private readonly clock: FakeClock,
    private readonly timeline: string[] = [],
  ) {
    this.states = { ...initial };
    this.previous = { ...initial };
  }

  failWrite(region: string, state: SwitchState, nth = 1): this {
    this.writeFaults.push({ region, state, left: nth });
    return this;
  }

  async read(regions: string[]): Promise<States> {
    this.reads++;
    if (this.failReads) throw new Error('ServiceUnavailable: every cluster endpoint failed');
    return Object.fromEntries(regions.map((r) => [r, this.states[r] ?? 'Off']));
  }

  async set(states: States): Promise<void> {
    this.sets.push({ ...states });
    const after = { ...this.states, ...states };
    if (!Object.values(after).includes('On')) {
      throw Object.assign(new Error('ConflictException: the safety rule ATLEAST 1 would be broken'), {
        name: 'ConflictException',
      });
    }
    const order = [
      ...Object.entries(states).filter(([, s]) => s === 'On'),
      ...Object.entries(states).filter(([, s]) => s === 'Off'),
    ];
    const before = { ...this.states };
    for (const [region, state] of order) {
      const fault = this.writeFaults.find((f) => f.region === region && f.state === state);
      if (fault && --fault.left === 0) {
        this.writeFaults = this.writeFaults.filter((f) => f !== fault);
        this.stamp(before);
        throw new Error(`InternalError: could not write the ${region} switch`);
      }
      this.states[region] = state;
    }
    this.stamp(before);
    this.timeline.push(`switch set ${JSON.stringify(states)}`);
  }

  private stamp(before: States): void {
    if (JSON.stringify(before) === JSON.stringify(this.states)) return;
    this.previous = before;
    this.changedAt = this.clock.now();
  }
}

export class FakeAuthoritativeDns implements AuthoritativeDnsPort {
  servers = ['192.0.2.53', '192.0.2.54'];
  propagationMs = 0;
  stuck = false;
  queries = 0;
  nsLookups: string[] = [];

  constructor(
    private readonly sw: FakeSwitch,
    private readonly primary: string,
    private readonly albOf: Record<string, string>,
    private readonly resolver: FakeResolver,
    private readonly clock: FakeClock,
  ) {}

  async nameServers(zoneName: string): Promise<string[]> {
    this.nsLookups.push(zoneName);
    return [...this.servers];
  }

  /** The region Route 53 answers for, from the states its health checks see now. */
  servingRegion(): string {
    const fresh = !this.stuck && this.clock.now() >= this.sw.changedAt + this.propagationMs;
    const seen = fresh ? this.sw.states : this.sw.previous;
    if (seen[this.primary] === 'On') return this.primary;
    return Object.keys(seen).find((r) => seen[r] === 'On') ?? this.primary;
  }

  async query(
    _name: string,
    type: 'A' | 'AAAA',
    servers: string[],
    times: number,
  ): Promise<AuthoritativeAnswer[]> {
    const out: AuthoritativeAnswer[] = [];
    for (const server of servers) {
      for (let i = 0; i < times; i++) {
        this.queries++;
        const alb = this.albOf[this.servingRegion()];
        out.push({ server, rcode: 'NOERROR', addresses: alb ? this.resolver.addressesOf(alb, type) : [] });
      }
    }
    return out;
  }
}

/** A Route 53 control plane that must not be called: every call is recorded and fails. */
export function controlPlaneTripwire(calls: string[]): DnsPort {
  return new Proxy({} as DnsPort, {
    get(_t, prop) {
      if (prop === 'then') return undefined;
      return async () => {
        calls.push(String(prop));
        throw new Error(`Route 53 control plane called: ${String(prop)}`);
      };
    },
  });
}
