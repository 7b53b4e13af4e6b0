/**
 * ProbePort over HTTPS. The request carries the public hostname as TLS SNI and Host header
 * and the certificate is checked against that name, while the TCP connection goes to
 * `connectHost` (the new ALB's DNS name) - so the new region is tested exactly as users
 * will reach it, before DNS points there.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { rootCertificates } from 'node:tls';
import { DrctlError } from '../errors.js';
import type { ProbePort, ProbeRequest, ProbeResult } from '../ports/probe.js';

export interface ConnectToRule {
  fromHost: string;
  fromPort: string;
  toHost: string;
  toPort: string;
}

/** Parse curl `--connect-to` rules `HOST1:PORT1:HOST2:PORT2` (IPv6 in brackets not supported). */
export function parseConnectTo(rules: string[]): ConnectToRule[] {
  return rules.map((r) => {
    const parts = r.split(':');
    if (
      parts.length !== 4 ||
      (parts[1] && !/^\d+$/.test(parts[1])) ||
      (parts[3] && !/^\d+$/.test(parts[3]))
    ) {
      throw new DrctlError(
        'USAGE',
        `connectTo rule "${r}" is not HOST1:PORT1:HOST2:PORT2 (for example ::127.0.0.1:8443).`,
      );
    }
    const [fromHost, fromPort, toHost, toPort] = parts as [string, string, string, string];
    return { fromHost, fromPort, toHost, toPort };
  });
}

/** Where a connection to host:port really goes: the first matching rule wins, like curl. */
export function applyConnectTo(
  rules: ConnectToRule[],
  host: string,
  port: number,
): { host: string; port: number } {
  const h = host.toLowerCase().replace(/\.$/, '');
  for (const r of rules) {
    const hostMatches = r.fromHost === '' || r.fromHost.toLowerCase().replace(/\.$/, '') === h;
    const portMatches = r.fromPort === '' || Number(r.fromPort) === port;
    if (hostMatches && portMatches) {
      return { host: r.toHost || host, port: r.toPort ? Number(r.toPort) : port };
    }
  }
  return { host, port };
}

export class HttpsProbe implements ProbePort {
  private readonly caCache = new Map<string, string[]>();

  private trusted(caFile?: string): string[] | undefined {
    if (!caFile) return undefined;
    let ca = this.caCache.get(caFile);
    if (!ca) {
      ca = [...rootCertificates, readFileSync(caFile, 'utf8')];
      this.caCache.set(caFile, ca);
    }
    return ca;
  }

  probe(req: ProbeRequest, expectStatus: number): Promise<ProbeResult> {
    const started = performance.now();
    const port = req.port ?? 443;
    const target = applyConnectTo(parseConnectTo(req.connectTo ?? []), req.connectHost ?? req.hostname, port);
    const ca = this.trusted(req.caFile);
    const elapsed = () => Math.round(performance.now() - started);
    return new Promise((resolve) => {
      const r = request(
        {
          host: target.host,
          port: target.port,
          path: req.path,
          method: 'GET',
          servername: req.hostname,
          headers: { host: req.hostname, 'user-agent': 'drctl-probe', connection: 'close' },
          ...(ca ? { ca } : {}),
          agent: false,
          timeout: req.timeoutMs,
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            const ok = status === expectStatus;
            resolve({
              ok,
              status,
              latencyMs: elapsed(),
              ...(ok ? {} : { error: `answered ${status}, expected ${expectStatus}` }),
            });
          });
        },
      );
      r.on('timeout', () => r.destroy(new Error(`no answer within ${req.timeoutMs} ms`)));
      r.on('error', (e: NodeJS.ErrnoException) => {
        resolve({ ok: false, latencyMs: elapsed(), error: describeNetError(e, target) });
      });
      r.end();
    });
  }
}

function describeNetError(e: NodeJS.ErrnoException, t: { host: string; port: number }): string {
  switch (e.code) {
    case 'ECONNREFUSED':
      return `connection refused by ${t.host}:${t.port}`;
    case 'ENOTFOUND':
      return `${t.host} does not resolve`;
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `the certificate does not cover the public hostname (${e.message})`;
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
      return `the certificate is not trusted (${e.code}); pass its CA as verification.caFile if that is expected`;
    default:
      return e.message;
  }
}
