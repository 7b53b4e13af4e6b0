/**
 * A small HTTP proxy on 127.0.0.1 between the CLI and the emulator: it forwards every
 * request unchanged after a random delay (the round trip an AWS region adds), and names
 * the API operation of each call (query-protocol `Action=`, JSON `X-Amz-Target`, or the
 * Route 53 / S3 REST path) so the calls of a run can be counted.
 */
import { createServer, type IncomingMessage, request } from 'node:http';
import type { AddressInfo } from 'node:net';

interface ProxiedCall {
  service: string;
  operation: string;
  status: number;
}

export interface LatencyProxy {
  endpoint: string;
  calls: ProxiedCall[];
  close(): Promise<void>;
}

/** The service from SigV4's credential scope: `Credential=AKID/date/region/<service>/aws4_request`. */
function serviceOf(req: IncomingMessage): string {
  return (
    /Credential=[^/]+\/\d+\/[^/]+\/([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1] ?? 'unknown'
  );
}

const ROUTE53: [RegExp, string, string][] = [
  [/\/hostedzone\/[^/]+\/rrset\/?$/, 'POST', 'ChangeResourceRecordSets'],
  [/\/hostedzone\/[^/]+\/rrset\/?$/, 'GET', 'ListResourceRecordSets'],
  [/\/change\/[^/]+$/, 'GET', 'GetChange'],
  [/\/testdnsanswer$/, 'GET', 'TestDNSAnswer'],
  [/\/hostedzonesbyname$/, 'GET', 'ListHostedZonesByName'],
  [/\/hostedzone\/[^/]+$/, 'GET', 'GetHostedZone'],
];

function operationOf(
  service: string,
  method: string,
  url: string,
  headers: IncomingMessage['headers'],
  body: string,
): string {
  const target = headers['x-amz-target'];
  if (typeof target === 'string') return target.split('.').pop() ?? target;
  const action = /(?:^|&)Action=([A-Za-z0-9]+)/.exec(body)?.[1] ?? /[?&]Action=([A-Za-z0-9]+)/.exec(url)?.[1];
  if (action) return action;
  const path = url.split('?')[0] ?? url;
  if (service === 'route53') {
    const hit = ROUTE53.find(([re, m]) => m === method && re.test(path));
    if (hit) return hit[2];
  }
  if (service === 's3') {
    const q = url.includes('?')
      ? url
          .slice(url.indexOf('?') + 1)
          .split('&')[0]
          ?.split('=')[0]
      : '';
    return `${method} ${q || 'object'}`;
  }
  return `${method} ${path}`;
}

/**
 * @param target the emulator endpoint, `http://127.0.0.1:<port>`.
 * @param delayMs [min, max] added before each request is forwarded; [0, 0] forwards at once.
 * @param random source of the delay. Default: Math.random.
 */
export async function startLatencyProxy(
  target: string,
  delayMs: [number, number],
  random: () => number = Math.random,
): Promise<LatencyProxy> {
  const to = new URL(target);
  const calls: ProxiedCall[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const service = serviceOf(req);
      const call: ProxiedCall = {
        service,
        operation: operationOf(
          service,
          req.method ?? 'GET',
          req.url ?? '/',
          req.headers,
          body.toString('utf8'),
        ),
        status: 0,
      };
      calls.push(call);
      const [min, max] = delayMs;
      setTimeout(
        () => {
          const upstream = request(
            {
              host: to.hostname,
              port: to.port,
              method: req.method,
              path: req.url,
              headers: { ...req.headers, host: to.host },
            },
            (up) => {
              call.status = up.statusCode ?? 0;
              res.writeHead(up.statusCode ?? 502, up.headers);
              up.pipe(res);
            },
          );
          upstream.on('error', (e) => {
            call.status = 502;
            res.writeHead(502).end(`proxy: ${e.message}`);
          });
          upstream.end(body);
        },
        min + random() * (max - min),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
