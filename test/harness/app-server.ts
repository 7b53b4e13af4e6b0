/**
 * A local HTTPS server standing in for the website behind the ALB: it serves
 * www.example.com with a certificate from the test CA, so a probe that sends the public
 * hostname as SNI and Host header can be verified end to end without the internet.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { fileURLToPath } from 'node:url';

const tlsFile = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../fixtures/tls/${name}`, import.meta.url)));

/** The test CA: pass as `ca` to verify the app server. */
export const TEST_CA_PEM = tlsFile('ca.pem').toString();

interface AppRequest {
  method: string;
  path: string;
  /** TLS SNI the client sent; undefined when it sent none (e.g. connecting by IP). */
  servername: string | undefined;
  host: string | undefined;
}

export interface AppServer {
  /** `https://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** `/healthz` answers 200 when healthy (default), 503 when not. */
  setHealthy(healthy: boolean): void;
  readonly requestCount: number;
  readonly requests: readonly AppRequest[];
  close(): Promise<void>;
}

export interface AppServerOptions {
  /** Body of `/`; default a small page naming the region. */
  region?: string;
  /**
   * `fleet`: serve the certificate for the fleet's three hostnames (www.example.com,
   * api.example.com, www.example.org), signed by fleet-ca.pem. Default: www.example.com's.
   */
  certificate?: 'default' | 'fleet';
}

/** The CA that signs the fleet certificate (`certificate: 'fleet'`). */
export const FLEET_CA_FILE = fileURLToPath(new URL('../fixtures/tls/fleet-ca.pem', import.meta.url));

export async function startAppServer(options: AppServerOptions = {}): Promise<AppServer> {
  let healthy = true;
  const requests: AppRequest[] = [];
  const region = options.region ?? 'local';
  const server: Server = createServer(
    options.certificate === 'fleet'
      ? { cert: tlsFile('fleet-server.pem'), key: tlsFile('fleet-server-key.pem') }
      : { cert: tlsFile('server.pem'), key: tlsFile('server-key.pem') },
    (req, res) => {
      const socket = req.socket as TLSSocket;
      const servername = (socket as TLSSocket & { servername?: string | false }).servername || undefined;
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      requests.push({ method: req.method ?? 'GET', path, servername, host: req.headers.host });
      if (path === '/healthz') {
        const status = healthy ? 200 : 503;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: healthy ? 'ok' : 'unhealthy', region }));
        return;
      }
      if (path === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(`<!doctype html><title>shop</title><h1>shop</h1><p>served from ${region}</p>\n`);
        return;
      }
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found\n');
    },
  );
  // Keep-alive sockets would hold close() open until they time out.
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  let closed: Promise<void> | undefined;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    setHealthy(value) {
      healthy = value;
    },
    get requestCount() {
      return requests.length;
    },
    get requests() {
      return requests;
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
