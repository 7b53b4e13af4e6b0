/**
 * A proxy on 127.0.0.1 in front of the emulator that records the AWS operation of every
 * request the CLI makes: `X-Amz-Target` (JSON protocols), `Action=` (query protocols), or
 * method and path (Route 53's REST protocol). Proves which calls a command made.
 */
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

interface RecordedCall {
  operation: string;
  method: string;
  path: string;
}

function operationOf(method: string, path: string, target: string | undefined, body: string): string {
  if (target) return target.split('.').pop() ?? target;
  const action = new URLSearchParams(body).get('Action');
  if (action) return action;
  if (method === 'GET') return `GET ${path.split('?')[0]}`;
  return /\/rrset\/?$/.test(path.split('?')[0] ?? '') ? 'ChangeResourceRecordSets' : `${method} ${path}`;
}

/** Read-only by name: Describe/List/Get/Test/Validate, or a REST GET. */
export const isReadOnly = (op: string) => /^(Describe|List|Get|Test|Validate|GET )/.test(op);

export async function startRecordingProxy(upstream: string) {
  const target = new URL(upstream);
  const calls: RecordedCall[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const path = req.url ?? '/';
      calls.push({
        operation: operationOf(
          req.method ?? '',
          path,
          req.headers['x-amz-target'] as string,
          body.toString(),
        ),
        method: req.method ?? '',
        path,
      });
      const fwd = request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path,
          headers: { ...req.headers, host: target.host },
        },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      fwd.on('error', () => res.writeHead(502).end());
      fwd.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
