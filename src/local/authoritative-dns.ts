/**
 * AuthoritativeDnsPort over UDP: asks a zone's name servers directly, the way `dig
 * +norecurse @server` does, to see what Route 53 answers after a data-plane flip without
 * Route 53's control plane (TestDNSAnswer). Each query is its own packet: recursion
 * desired off (an authoritative server answers from its zone), nothing cached between
 * queries, a fresh random id and socket each time. A server that does not answer in time
 * yields an answer with rcode `TIMEOUT`, not an error: how many answers must agree is the
 * engine's decision.
 *
 * Why dns-packet and not node:dns: node's Resolver (c-ares) sets the RD bit on every query
 * with no option to clear it, and newer c-ares keeps a query cache.
 */
import { createSocket } from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import { decode, encode } from 'dns-packet';
import { DrctlError } from '../errors.js';
import type { AuthoritativeAnswer, AuthoritativeDnsPort } from '../ports/authoritative-dns.js';

export interface AuthoritativeDnsOptions {
  /** How long one query waits for its answer, ms; default 2000. */
  timeoutMs?: number;
  /** Looks up the zone's NS and their addresses; default: the system's resolvers. */
  resolver?: Pick<Resolver, 'resolveNs' | 'resolve4'>;
}

interface Server {
  host: string;
  port: number;
  family: 4 | 6;
}

/** `ip`, `ip:port`, `[ipv6]:port` or a bare IPv6 address (port 53 unless given). */
export function parseServer(s: string): Server {
  let [host, port] = [s, '53'];
  const bracketed = /^\[([^\]]+)\]:(\d+)$/.exec(s);
  if (bracketed) [host, port] = [bracketed[1]!, bracketed[2]!];
  else if (isIP(s) === 0 && s.split(':').length === 2) [host, port] = s.split(':') as [string, string];
  const family = isIP(host);
  const n = Number(port);
  if ((family !== 4 && family !== 6) || !/^\d+$/.test(port) || n < 1 || n > 65535) {
    throw new DrctlError(
      'CONFIG_INVALID',
      `${JSON.stringify(s)} is not a name server address (ip, ip:port or [ipv6]:port).`,
      { source: 'user' },
    );
  }
  return { host, port: n, family };
}

export class AuthoritativeDns implements AuthoritativeDnsPort {
  private readonly timeoutMs: number;
  private readonly resolver: Pick<Resolver, 'resolveNs' | 'resolve4'>;

  constructor(options: AuthoritativeDnsOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 2000;
    this.resolver = options.resolver ?? new Resolver({ timeout: this.timeoutMs, tries: 3 });
  }

  /** IPv4 addresses only: a host without IPv6 routes would see every IPv6 server time out. */
  async nameServers(zoneName: string): Promise<string[]> {
    const zone = zoneName.replace(/\.$/, '');
    let names: string[];
    try {
      names = await this.resolver.resolveNs(zone);
    } catch (e) {
      throw new DrctlError(
        'NOT_FOUND',
        `The name servers of ${zone} could not be looked up (${(e as NodeJS.ErrnoException).code ?? String(e)}); set verification.nameServers.`,
        { source: 'aws', cause: e },
      );
    }
    const addresses = await Promise.all(
      names.map((n) => this.resolver.resolve4(n).catch(() => [] as string[])),
    );
    const out = [...new Set(addresses.flat())];
    if (out.length === 0) {
      throw new DrctlError(
        'NOT_FOUND',
        `None of ${zone}'s name servers (${names.join(', ') || 'none'}) has an IPv4 address; set verification.nameServers.`,
        { source: 'aws' },
      );
    }
    return out;
  }

  async query(
    name: string,
    type: 'A' | 'AAAA',
    servers: string[],
    times: number,
  ): Promise<AuthoritativeAnswer[]> {
    const parsed = servers.map((s) => [s, parseServer(s)] as const); // every address checked before any query
    const perServer = await Promise.all(
      parsed.map(async ([label, server]) => {
        const answers: AuthoritativeAnswer[] = [];
        for (let i = 0; i < times; i++)
          answers.push({ server: label, ...(await this.ask(server, name, type)) });
        return answers;
      }),
    );
    return perServer.flat();
  }

  /** One query, one socket: its answer, or TIMEOUT. */
  private ask(
    server: Server,
    name: string,
    type: 'A' | 'AAAA',
  ): Promise<Omit<AuthoritativeAnswer, 'server'>> {
    const qname = name.replace(/\.$/, '');
    const id = Math.floor(Math.random() * 65536);
    // flags 0: a standard query with RD (recursion desired) off.
    const packet = encode({ type: 'query', id, flags: 0, questions: [{ type, name: qname, class: 'IN' }] });
    const socket = createSocket(server.family === 6 ? 'udp6' : 'udp4');
    return new Promise((resolve) => {
      const done = (answer: Omit<AuthoritativeAnswer, 'server'>) => {
        clearTimeout(timer);
        socket.close();
        resolve(answer);
      };
      const timer = setTimeout(() => done({ rcode: 'TIMEOUT', addresses: [] }), this.timeoutMs);
      socket.on('error', () => undefined); // a send error is a server that does not answer: TIMEOUT
      socket.on('message', (msg, from) => {
        if (from.port !== server.port) return;
        let reply: ReturnType<typeof decode>;
        try {
          reply = decode(msg);
        } catch {
          return; // not a DNS message: keep waiting for one
        }
        const q = reply.questions?.[0];
        if (reply.id !== id || reply.type !== 'response' || q?.name.toLowerCase() !== qname.toLowerCase())
          return;
        const addresses = (reply.answers ?? [])
          .filter((a) => a.type === type)
          .map((a) => String((a as { data: unknown }).data));
        // dns-packet decodes the RCODE's name (NOERROR, NXDOMAIN, ...); its typings omit the field.
        const rcode = (reply as { rcode?: string }).rcode ?? `RCODE${(reply.flags ?? 0) & 0xf}`;
        done({ rcode, addresses });
      });
      socket.send(packet, server.port, server.host, (e) => {
        if (e) done({ rcode: 'TIMEOUT', addresses: [] });
      });
    });
  }
}
