/**
 * Error responses exactly as each AWS protocol puts them on the wire, so the real SDK
 * parses an injected fault into the same error name AWS would produce (a throttle that
 * the SDK misreads as an unknown error would prove nothing about drctl's retries).
 *
 * - awsQuery (CloudFormation, ELBv2, RDS, STS): `<ErrorResponse><Error><Type/><Code/>...`
 * - ec2Query: `<Response><Errors><Error><Code/>...`
 * - restXml (Route 53): `<ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">`
 * - restXml (S3): a bare `<Error><Code/>...`, throttling is 503 SlowDown
 * - awsJson 1.0/1.1 (ACM, SSM, ECS...): `{"__type": ...}` plus the X-Amzn-ErrorType header
 */

type Protocol = 'query' | 'ec2' | 'route53' | 's3' | 'json';

const QUERY = new Set(['cloudformation', 'elasticloadbalancing', 'rds', 'sts', 'iam', 'autoscaling']);

function protocolOf(service: string): Protocol {
  if (QUERY.has(service)) return 'query';
  if (service === 'ec2') return 'ec2';
  if (service === 'route53') return 'route53';
  if (service === 's3') return 's3';
  return 'json';
}

/** What each protocol's services call "slow down", and the status they send it with. */
const THROTTLE: Record<Protocol, { code: string; status: number }> = {
  query: { code: 'Throttling', status: 400 },
  route53: { code: 'Throttling', status: 400 },
  ec2: { code: 'RequestLimitExceeded', status: 503 },
  s3: { code: 'SlowDown', status: 503 },
  json: { code: 'ThrottlingException', status: 400 },
};

const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface WireError {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type ErrorFault =
  | { kind: 'throttle'; code?: string }
  | { kind: 'http'; status: number; code?: string }
  | { kind: 'error'; status: number; code: string; message?: string };

function codeAndStatus(p: Protocol, f: ErrorFault): { code: string; status: number; message: string } {
  if (f.kind === 'throttle') {
    const t = THROTTLE[p];
    return { code: f.code ?? t.code, status: t.status, message: 'Rate exceeded' };
  }
  if (f.kind === 'http') {
    const code = f.code ?? (f.status === 503 ? 'ServiceUnavailable' : 'InternalFailure');
    return { code, status: f.status, message: `injected HTTP ${f.status}` };
  }
  return { code: f.code, status: f.status, message: f.message ?? `injected ${f.code}` };
}

export function errorResponse(service: string, fault: ErrorFault, requestId = 'drctl-fault-0001'): WireError {
  const p = protocolOf(service);
  const { code, status, message } = codeAndStatus(p, fault);
  const sender = status < 500 ? 'Sender' : 'Receiver';
  const xml = { 'content-type': 'text/xml', 'x-amzn-requestid': requestId };
  switch (p) {
    case 'query':
      return {
        status,
        headers: xml,
        body: `<ErrorResponse xmlns="http://${service}.amazonaws.com/doc/"><Error><Type>${sender}</Type><Code>${code}</Code><Message>${xmlText(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      };
    case 'route53':
      return {
        status,
        headers: xml,
        body: `<?xml version="1.0"?>\n<ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Error><Type>${sender}</Type><Code>${code}</Code><Message>${xmlText(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      };
    case 'ec2':
      return {
        status,
        headers: xml,
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${xmlText(message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`,
      };
    case 's3':
      return {
        status,
        headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId },
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlText(message)}</Message><RequestId>${requestId}</RequestId></Error>`,
      };
    case 'json':
      return {
        status,
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amzn-requestid': requestId,
          'x-amzn-errortype': `${code}:http://internal.amazon.com/coral/com.amazonaws.drctl/`,
        },
        body: JSON.stringify({ __type: code, message }),
      };
  }
}
