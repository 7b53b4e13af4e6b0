/**
 * Fake data-plane switch and authoritative DNS for engine tests of the `arc` and
 * `s3-object` modes. Switch spec, as ARC behaves: `set` is all or nothing, and refuses a
 * change that would leave no region On (the "at least one on" safety rule, ARC's
 * ConflictException); a region never set reads Off. `failing` makes read/set throw as an
 * unreachable data plane does; `calls` records each call. DNS spec: each server answers
 * `answers[server]` (default: the On regions' addresses in `addresses`); a server in
 * `silent` answers TIMEOUT, as the real client does instead of throwing.
 */
import type { AuthoritativeAnswer, AuthoritativeDnsPort } from '../../src/ports/authoritative-dns.js';
import type { SwitchMode, SwitchState, TrafficSwitchPort } from '../../src/ports/traffic-switch.js';

export class FakeTrafficSwitch implements TrafficSwitchPort {
  readonly states = new Map<string, SwitchState>();
  failing: Error | undefined;
  readonly calls: string[] = [];

  constructor(
    readonly kind: Exclude<SwitchMode, 'records'> = 'arc',
    initial: Record<string, SwitchState> = {},
  ) {
    for (const [r, s] of Object.entries(initial)) this.states.set(r, s);
  }

  async read(regions: string[]): Promise<Record<string, SwitchState>> {
    this.calls.push(`read ${regions.join(',')}`);
    if (this.failing) throw this.failing;
    return Object.fromEntries(regions.map((r) => [r, this.states.get(r) ?? 'Off']));
  }

  async set(states: Record<string, SwitchState>): Promise<void> {
    this.calls.push(
      `set ${Object.entries(states)
        .map(([r, s]) => `${r}=${s}`)
        .join(',')}`,
    );
    if (this.failing) throw this.failing;
    const after = new Map([...this.states, ...Object.entries(states)]);
    if (![...after.values()].includes('On')) {
      throw Object.assign(new Error('The change violates the safety rule: at least one control must be On'), {
        name: 'ConflictException',
      });
    }
    for (const [r, s] of Object.entries(states)) this.states.set(r, s);
  }
}

export class FakeAuthoritativeDns implements AuthoritativeDnsPort {
  readonly answers = new Map<string, Omit<AuthoritativeAnswer, 'server'>>();
  readonly silent = new Set<string>();
  readonly calls: string[] = [];

  constructor(
    private readonly servers: string[],
    private readonly switcher?: FakeTrafficSwitch,
    /** Region -> the addresses its ALB answers with. */
    private readonly addresses: Record<string, string[]> = {},
  ) {}

  async nameServers(zoneName: string): Promise<string[]> {
    this.calls.push(`ns ${zoneName}`);
    return [...this.servers];
  }

  async query(
    name: string,
    type: 'A' | 'AAAA',
    servers: string[],
    times: number,
  ): Promise<AuthoritativeAnswer[]> {
    this.calls.push(`query ${name} ${type} x${times}`);
    const out: AuthoritativeAnswer[] = [];
    for (const server of servers) {
      for (let i = 0; i < times; i++) out.push({ server, ...this.answer(server) });
    }
    return out;
  }

  private answer(server: string): Omit<AuthoritativeAnswer, 'server'> {
    if (this.silent.has(server)) return { rcode: 'TIMEOUT', addresses: [] };
    const fixed = this.answers.get(server);
    if (fixed) return { rcode: fixed.rcode, addresses: [...fixed.addresses] };
    const on = [...(this.switcher?.states ?? [])].filter(([, s]) => s === 'On').map(([r]) => r);
    return { rcode: 'NOERROR', addresses: on.flatMap((r) => this.addresses[r] ?? []) };
  }
}
