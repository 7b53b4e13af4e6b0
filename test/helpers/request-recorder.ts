import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP endpoint that records every request and answers 500. Point the AWS SDK at
 * it to prove a command made no AWS call at all (or which ones it made).
 */
export async function startRequestRecorder() {
  const requests: { method: string; url: string; body: string; target?: string }[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        body,
        target: req.headers['x-amz-target'] as string,
      });
      res.statusCode = 500;
      res.end('recorder: no AWS here');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
