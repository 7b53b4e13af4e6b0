/**
 * ResolverPort over node:dns: the system's resolvers by default, or the servers named in
 * `verification.resolvers` (`host` or `host:port`, IPv6 in brackets), which is how the
 * emulator's own DNS server stands in for AWS's.
 */
import { Resolver } from 'node:dns/promises';
import { DrctlError } from '../errors.js';
import type { ResolverPort } from '../ports/resolver.js';

/** node:dns codes that mean "the name exists but has no such records". */
const NO_DATA = new Set(['ENODATA']);

export class DnsResolver implements ResolverPort {
  private readonly resolver: Resolver;

  /** `servers`: empty (default) uses the system's resolvers. `timeoutMs`: per try, default 2000. */
  constructor(servers: string[] = [], timeoutMs = 2000) {
    this.resolver = new Resolver({ timeout: timeoutMs, tries: 3 });
    if (servers.length > 0) this.resolver.setServers(servers);
  }

  async resolve(name: string, type: 'A' | 'AAAA'): Promise<string[]> {
    const host = name.replace(/\.$/, '');
    try {
      return type === 'A' ? await this.resolver.resolve4(host) : await this.resolver.resolve6(host);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? '';
      if (NO_DATA.has(code)) return [];
      throw new DrctlError('VERIFY_FAILED', `${host} ${type} could not be resolved (${code || String(e)})`, {
        source: 'aws',
        cause: e,
      });
    }
  }
}
