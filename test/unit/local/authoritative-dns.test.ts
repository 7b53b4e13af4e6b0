/**
 * The authoritative DNS client against tiny UDP DNS servers on 127.0.0.1 (dns-packet builds
 * their answers): what each query carried, what came back, and a server that stays silent.
 */
import { createSocket, type Socket } from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import { AUTHORITATIVE_ANSWER, decode, encode, RECURSION_DESIRED } from 'dns-packet';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthoritativeDns, parseServer } from '../../../src/local/authoritative-dns.js';

interface Seen {
  name: string;
  type: string;
  rd: boolean;
}

/** A server answering from `zone` (name -> type -> values); `seen` lists each query received. */
async function dnsServer(
  zone: Record<string, Record<string, string[]>>,
  opts: { silent?: boolean } = {},
): Promise<{ address: string; seen: Seen[]; zone: typeof zone }> {
  const socket = createSocket('udp4');
  sockets.push(socket);
  const seen: Seen[] = [];
  socket.on('message', (msg, from) => {
    const q = decode(msg);
    const question = q.questions![0]!;
    seen.push({ name: question.name, type: question.type, rd: ((q.flags ?? 0) & RECURSION_DESIRED) !== 0 });
    if (opts.silent) return;
    const records = zone[question.name.toLowerCase()];
    const values = records?.[question.type] ?? [];
    const reply = encode({
      type: 'response',
      id: q.id,
      flags: AUTHORITATIVE_ANSWER | (records ? 0 : 3), // RCODE 3: NXDOMAIN
      questions: q.questions,
      answers: values.map((data) => ({ type: question.type, name: question.name, ttl: 60, data }) as never),
    });
    socket.send(reply, from.port, from.address);
  });
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
  return { address: `127.0.0.1:${socket.address().port}`, seen, zone };
}

const sockets: Socket[] = [];
afterEach(() => {
  for (const s of sockets.splice(0)) s.close();
});

describe('authoritative DNS client', () => {
  it('asks each server `times`, recursion off, every answer in order, nothing cached', async () => {
    const one = await dnsServer({ 'www.example.com': { A: ['198.18.0.1', '198.18.0.2'] } });
    const two = await dnsServer({ 'www.example.com': { A: ['198.18.0.1', '198.18.0.2'] } });
    const dns = new AuthoritativeDns({ timeoutMs: 5_000 });
    const first = await dns.query('www.example.com.', 'A', [one.address, two.address], 2);
    expect(first).toEqual([
      { server: one.address, rcode: 'NOERROR', addresses: ['198.18.0.1', '198.18.0.2'] },
      { server: one.address, rcode: 'NOERROR', addresses: ['198.18.0.1', '198.18.0.2'] },
      { server: two.address, rcode: 'NOERROR', addresses: ['198.18.0.1', '198.18.0.2'] },
      { server: two.address, rcode: 'NOERROR', addresses: ['198.18.0.1', '198.18.0.2'] },
    ]);
    expect([...one.seen, ...two.seen]).toEqual(
      Array(4).fill({ name: 'www.example.com', type: 'A', rd: false }),
    );

    // The flip: the next query sees the new answer at once (no cache in between).
    one.zone['www.example.com'] = { A: ['198.18.9.9'] };
    expect(await dns.query('www.example.com', 'A', [one.address], 1)).toEqual([
      { server: one.address, rcode: 'NOERROR', addresses: ['198.18.9.9'] },
    ]);
  });

  it('keeps only the asked type, and passes NXDOMAIN through', async () => {
    const s = await dnsServer({ 'www.example.com': { AAAA: ['2001:db8::1'] } });
    const dns = new AuthoritativeDns({ timeoutMs: 5_000 });
    expect(await dns.query('www.example.com', 'AAAA', [s.address], 1)).toEqual([
      { server: s.address, rcode: 'NOERROR', addresses: ['2001:db8::1'] },
    ]);
    expect(await dns.query('www.example.com', 'A', [s.address], 1)).toEqual([
      { server: s.address, rcode: 'NOERROR', addresses: [] },
    ]);
    expect(await dns.query('nope.example.com', 'A', [s.address], 1)).toEqual([
      { server: s.address, rcode: 'NXDOMAIN', addresses: [] },
    ]);
  });

  it('a silent server yields TIMEOUT answers, and the others still answer', async () => {
    const up = await dnsServer({ 'www.example.com': { A: ['198.18.0.1'] } });
    const silent = await dnsServer({}, { silent: true });
    const dns = new AuthoritativeDns({ timeoutMs: 300 });
    const answers = await dns.query('www.example.com', 'A', [silent.address, up.address], 2);
    expect(answers).toEqual([
      { server: silent.address, rcode: 'TIMEOUT', addresses: [] },
      { server: silent.address, rcode: 'TIMEOUT', addresses: [] },
      { server: up.address, rcode: 'NOERROR', addresses: ['198.18.0.1'] },
      { server: up.address, rcode: 'NOERROR', addresses: ['198.18.0.1'] },
    ]);
    expect(silent.seen).toHaveLength(2);
  });

  it('finds the zone name servers through a resolver: NS names, then their IPv4 addresses', async () => {
    const s = await dnsServer({
      'example.com': { NS: ['ns-1.awsdns-01.org', 'ns-2.awsdns-02.net'] },
      'ns-1.awsdns-01.org': { A: ['205.251.192.1'] },
      'ns-2.awsdns-02.net': { A: ['205.251.194.2'] },
    });
    const resolver = new Resolver({ timeout: 5_000, tries: 1 });
    resolver.setServers([s.address]);
    const dns = new AuthoritativeDns({ resolver });
    expect((await dns.nameServers('example.com.')).sort()).toEqual(['205.251.192.1', '205.251.194.2']);
    await expect(dns.nameServers('missing.example')).rejects.toThrow(
      /^The name servers of missing.example could not be looked up \(ENOTFOUND\); set verification.nameServers.$/,
    );
  });

  it('reads ip, ip:port, [ipv6]:port and bare IPv6; anything else is one sentence, before any query', async () => {
    expect(parseServer('198.51.100.1')).toEqual({ host: '198.51.100.1', port: 53, family: 4 });
    expect(parseServer('127.0.0.1:5353')).toEqual({ host: '127.0.0.1', port: 5353, family: 4 });
    expect(parseServer('[2001:db8::1]:5353')).toEqual({ host: '2001:db8::1', port: 5353, family: 6 });
    expect(parseServer('2001:db8::1')).toEqual({ host: '2001:db8::1', port: 53, family: 6 });
    for (const bad of ['ns1.example.com', '127.0.0.1:0', '127.0.0.1:99999', '[ns1]:53', '']) {
      expect(() => parseServer(bad), bad).toThrow(
        /is not a name server address \(ip, ip:port or \[ipv6\]:port\)\.$/,
      );
    }
    const s = await dnsServer({ 'www.example.com': { A: ['198.18.0.1'] } });
    await expect(
      new AuthoritativeDns().query('www.example.com', 'A', [s.address, 'bogus'], 1),
    ).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
    });
    expect(s.seen).toEqual([]);
  });
});
