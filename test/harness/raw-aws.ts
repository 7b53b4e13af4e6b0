/**
 * Minimal calls to emulator APIs for which drctl has no SDK client (CloudFront,
 * CloudWatch, Auto Scaling, ECS, Secrets Manager, KMS, Logs...), so the harness tests can
 * look resources up through their own service without extra dependencies. moto routes a
 * request by the service in the SigV4 credential scope and does not verify signatures.
 */
import { clientConfig } from './aws-clients.js';

function authorization(region: string, signingName: string): string {
  return `AWS4-HMAC-SHA256 Credential=testing/20260101/${region}/${signingName}/aws4_request, SignedHeaders=host, Signature=0`;
}

async function send(url: string, init: RequestInit): Promise<string> {
  const response = await fetch(url, init);
  const text = await response.text();
  if (!response.ok)
    throw new Error(`${init.method} ${url} answered ${response.status}: ${text.slice(0, 500)}`);
  return text;
}

/** AWS query protocol (CloudWatch "monitoring", "autoscaling"): answers the XML text. */
export function queryCall(
  endpoint: string,
  region: string,
  signingName: string,
  version: string,
  action: string,
  params: Record<string, string> = {},
): Promise<string> {
  clientConfig(endpoint, region);
  const body = new URLSearchParams({ Action: action, Version: version, ...params }).toString();
  return send(`${endpoint}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: authorization(region, signingName),
    },
    body,
  });
}

/** AWS JSON 1.1 protocol (ECS, Application Auto Scaling, Secrets Manager, KMS, Logs). */
export async function jsonCall(
  endpoint: string,
  region: string,
  signingName: string,
  target: string,
  body: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  clientConfig(endpoint, region);
  const text = await send(`${endpoint}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': target,
      authorization: authorization(region, signingName),
    },
    body: JSON.stringify(body),
  });
  // Some actions (CreateLogGroup, DeleteService...) answer 200 with an empty body.
  return (text ? JSON.parse(text) : {}) as Record<string, unknown>;
}

/** REST protocol GET (CloudFront): answers the XML text. */
export function restGet(
  endpoint: string,
  region: string,
  signingName: string,
  path: string,
): Promise<string> {
  clientConfig(endpoint, region);
  return send(`${endpoint}${path}`, {
    method: 'GET',
    headers: { authorization: authorization(region, signingName) },
  });
}
