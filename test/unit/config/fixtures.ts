/** A valid config as text, and a way to derive broken ones from it. */
import { stringify } from 'yaml';

export const validConfig = {
  app: 'shop',
  containerImage: '123456789012.dkr.ecr.{region}.amazonaws.com/shop:1.0.0',
  primaryRegion: 'ap-southeast-1',
  targetRegions: ['us-east-1', 'us-west-2'],
  dns: { hostedZone: 'example.com', record: { name: 'www.example.com', type: 'A', routing: 'simple' } },
  environments: { prod: {}, test: {} },
  certificates: { 'us-east-1': { domain: 'www.example.com' } },
  verification: { path: '/healthz', consecutiveSuccesses: 3, intervalSeconds: 1, windowSeconds: 60 },
};

type Json = Record<string, unknown>;

/** A copy of the valid config with `edit` applied (mutate freely). */
export function configWith(edit: (c: Json & typeof validConfig) => void): string {
  const c = structuredClone(validConfig) as Json & typeof validConfig;
  edit(c);
  return stringify(c);
}
