/**
 * An HTTP proxy on 127.0.0.1 between the AWS SDK and the emulator, scriptable per test:
 * match a call by service, operation and how many such calls came before, then add
 * latency, answer a throttling or server error in the exact wire format of the service's
 * protocol, drop the connection (before or after the emulator saw the request) or hang.
 * It records every call, so a test can say which AWS calls a command made and whether
 * any of them mutated something.
 *
 * The service comes from the SigV4 credential scope (every SDK request is signed), the
 * operation from X-Amz-Target (JSON protocols), Action= (query protocols) or the method
 * and path (Route 53's REST API).
 */
import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { errorResponse } from './fault-wire.js';

export interface ProxiedCall {
  /** 1-based, in arrival order. */
  seq: number;
  /** SigV4 service name: cloudformation, elasticloadbalancing, route53, sts, rds, acm, s3... */
  service: string;
  region: string;
  operation: string;
  method: string;
  path: string;
  /** The request body (Route 53 change batches, query parameters); JSON bodies too. */
  body: string;
  /** Date.now() when the request arrived. */
  at: number;
  /** HTTP status sent back; undefined for a dropped or hung call. */
  status?: number;
  /** The fault applied, if any (`throttle`, `http-503`, `drop-before`...). */
  fault?: string;
}

type Fault =
  /** Throttling in the service's wire format; `code` default per protocol (Throttling...). */
  | { kind: 'throttle'; code?: string }
  /** A bare server error: 500, 502, 503 with the protocol's error body. */
  | { kind: 'http'; status: number; code?: string }
  /** Any error the service could send. */
  | { kind: 'error'; status: number; code: string; message?: string }
  /** Close the socket without answering; the emulator never sees the request. */
  | { kind: 'drop-before' }
  /** Forward to the emulator (it acts), then close the socket instead of answering. */
  | { kind: 'drop-after' }
  /** Never answer: only the client's own timeout ends the call. */
  | { kind: 'hang' }
  /** Wait, then forward normally. */
  | { kind: 'latency'; ms: number }
  /** Forward, then rewrite the response body (a state the emulator cannot reach). */
  | { kind: 'rewrite'; rewrite: (body: string) => string };

export interface FaultRule {
  service?: string;
  operation?: string;
  /** Extra test on the call (the stack named in the body, a lock record...). */
  when?: (call: ProxiedCall) => boolean;
  /** Which matching calls to fault, 1-based: from `nth` (default 1) for `times` calls (default 1; Infinity = all). */
  nth?: number;
  times?: number;
  fault: Fault;
  /** Calls of this rule's kind seen so far (managed by the proxy). */
  seen?: number;
}

export interface FaultProxy {
  endpoint: string;
  readonly calls: ProxiedCall[];
  /** Adds a rule; rules are tried in order and the first that applies wins. */
  inject(rule: FaultRule): void;
  /** Forgets the rules and the recorded calls. */
  clear(): void;
  close(): Promise<void>;
}

const ROUTE53_PATHS: [string, RegExp, string][] = [
  ['POST', /\/hostedzone\/[^/]+\/rrset\/?$/, 'ChangeResourceRecordSets'],
  ['GET', /\/hostedzone\/[^/]+\/rrset\/?$/, 'ListResourceRecordSets'],
  ['GET', /\/change\/[^/]+$/, 'GetChange'],
  ['GET', /\/testdnsanswer$/, 'TestDNSAnswer'],
  ['GET', /\/hostedzonesbyname$/, 'ListHostedZonesByName'],
  ['GET', /\/hostedzone\/[^/]+$/, 'GetHostedZone'],
  ['GET', /\/hostedzone$/, 'ListHostedZones'],
  ['POST', /\/hostedzone$/, 'CreateHostedZone'],
];

function scope(req: IncomingMessage): { service: string; region: string } {
  const auth = String(req.headers.authorization ?? '');
  const m = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(auth);
  return m ? { region: m[1]!, service: m[2]! } : { region: '', service: 'unknown' };
}

/** The API operation of a request, whatever its protocol. */
function operationOf(req: IncomingMessage, service: string, body: string): string {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') return target.split('.').pop() ?? target;
  const url = new URL(req.url ?? '/', 'http://proxy');
  const action = url.searchParams.get('Action') ?? new URLSearchParams(body).get('Action');
  if (action) return action;
  if (service === 'route53') {
    const path = url.pathname;
    const hit = ROUTE53_PATHS.find(([m, re]) => m === req.method && re.test(path));
    if (hit) return hit[2];
  }
  if (service === 's3') {
    const keyed = url.pathname.split('/').filter(Boolean).length > 1;
    if (req.method === 'HEAD') return keyed ? 'HeadObject' : 'HeadBucket';
    if (url.searchParams.has('replication')) return 'GetBucketReplication';
    if (url.searchParams.get('list-type') === '2') return 'ListObjectsV2';
  }
  return `${req.method} ${url.pathname}`;
}

function applies(rule: FaultRule, call: ProxiedCall): boolean {
  if (rule.service && rule.service !== call.service) return false;
  if (rule.operation && rule.operation !== call.operation) return false;
  if (rule.when && !rule.when(call)) return false;
  rule.seen = (rule.seen ?? 0) + 1;
  const first = rule.nth ?? 1;
  const last = first + (rule.times ?? 1) - 1;
  return rule.seen >= first && rule.seen <= last;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const calls: ProxiedCall[] = [];
  let rules: FaultRule[] = [];
  const hung = new Set<Socket>();

  const forward = (
    req: IncomingMessage,
    body: Buffer,
    then: (status: number, h: object, b: Buffer) => void,
  ) => {
    const out = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => then(res.statusCode ?? 502, res.headers, Buffer.concat(chunks)));
      },
    );
    out.on('error', () => then(502, {}, Buffer.from('fault proxy: the emulator did not answer')));
    out.end(body);
  };

  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const { service, region } = scope(req);
    const text = body.toString('utf8');
    const call: ProxiedCall = {
      seq: calls.length + 1,
      service,
      region,
      operation: operationOf(req, service, text),
      method: req.method ?? '',
      path: req.url ?? '',
      body: text,
      at: Date.now(),
    };
    calls.push(call);
    // Every rule counts the calls it matches, so `nth` means "the nth call of this kind".
    const fault = rules.filter((r) => applies(r, call))[0]?.fault;
    const pass = (status: number, headers: object, payload: Buffer) => {
      call.status = status;
      const h = { ...(headers as Record<string, string>) };
      delete h['transfer-encoding'];
      h['content-length'] = String(payload.length);
      res.writeHead(status, h);
      res.end(payload);
    };
    if (!fault) return forward(req, body, pass);
    call.fault = fault.kind === 'http' ? `http-${fault.status}` : fault.kind;
    switch (fault.kind) {
      case 'throttle':
      case 'http':
      case 'error': {
        const e = errorResponse(service, fault);
        call.status = e.status;
        res.writeHead(e.status, e.headers);
        res.end(e.body);
        return;
      }
      case 'drop-before':
        req.socket.destroy();
        return;
      case 'drop-after':
        forward(req, body, () => req.socket.destroy());
        return;
      case 'hang':
        hung.add(req.socket);
        req.socket.once('close', () => hung.delete(req.socket));
        return;
      case 'latency':
        setTimeout(() => forward(req, body, pass), fault.ms);
        return;
      case 'rewrite':
        forward(req, body, (status, headers, payload) =>
          pass(status, headers, Buffer.from(fault.rewrite(payload.toString('utf8')))),
        );
        return;
    }
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    inject(rule) {
      rules.push({ ...rule, seen: 0 });
    },
    clear() {
      rules = [];
      calls.length = 0;
      for (const s of hung) s.destroy();
    },
    close() {
      for (const s of hung) s.destroy();
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** Read-only by name: Describe*, List*, Get*, Head*, TestDNSAnswer. Anything else mutates. */
export function isMutation(call: Pick<ProxiedCall, 'operation'>): boolean {
  return !/^(Describe|List|Get|Head|TestDNSAnswer|GET |HEAD )/.test(call.operation);
}
