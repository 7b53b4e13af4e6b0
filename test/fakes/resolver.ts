/**
 * Fake resolver. Spec, as AWS's DNS behaves for a load balancer: its name resolves to one
 * address per node; here two stable IPv4 addresses in 198.18.0.0/15 and two IPv6 ones in
 * 2001:db8::/32, both derived from the name (`dualstack.` prefix and case ignored).
 * Hooks: `nodes` replaces a name's addresses (a node replacement); `failing` names throw
 * as an unresolvable name does. `ownerOf` maps an address handed out back to its name, so
 * the fake probe knows which load balancer an address reaches.
 */
import { createHash } from 'node:crypto';
import { normaliseLbDnsName } from '../../src/ports/load-balancers.js';
import type { ResolverPort } from '../../src/ports/resolver.js';

type Family = 'A' | 'AAAA';

export class FakeResolver implements ResolverPort {
  nodes = new Map<string, Record<Family, string[]>>();
  failing = new Set<string>();
  readonly calls: string[] = [];
  private readonly owners = new Map<string, string>();

  /** The addresses of `name` now (no call recorded). */
  addressesOf(name: string, type: Family): string[] {
    const n = normaliseLbDnsName(name);
    const found = this.nodes.get(n)?.[type] ?? derived(n)[type];
    for (const a of found) this.owners.set(a, n);
    return [...found];
  }

  ownerOf(address: string): string | undefined {
    return this.owners.get(address);
  }

  async resolve(name: string, type: Family): Promise<string[]> {
    this.calls.push(`${normaliseLbDnsName(name)} ${type}`);
    if (this.failing.has(normaliseLbDnsName(name))) {
      throw Object.assign(new Error(`${name} ${type} could not be resolved (ENOTFOUND)`), {
        code: 'ENOTFOUND',
      });
    }
    return this.addressesOf(name, type);
  }
}

function derived(name: string): Record<Family, string[]> {
  const d = createHash('sha256').update(name).digest();
  const v4 = [0, 3].map((i) => `198.${18 + (d[i]! & 1)}.${d[i + 1]}.${d[i + 2]}`);
  const v6 = [6, 18].map(
    (i) => `2001:db8:${d.readUInt16BE(i).toString(16)}::${d.readUInt16BE(i + 2).toString(16)}`,
  );
  return { A: v4, AAAA: v6 };
}
