/**
 * One sentence per config problem: the field, what is wrong, and a right value.
 * An operator reads these at 3 a.m.; "Invalid input" is not a sentence.
 */
import type { z } from 'zod';
import { environmentList } from './environments.js';

/** A right value for each field, by path pattern (`*` = any key or index). */
const EXAMPLES: Record<string, string> = {
  app: 'app: shop',
  primaryRegion: 'primaryRegion: ap-southeast-1',
  containerImage: 'containerImage: 123456789012.dkr.ecr.{region}.amazonaws.com/shop:1.4.2',
  targetRegions: 'targetRegions: [us-east-1, us-west-2]',
  'targetRegions.*': 'targetRegions: [us-east-1]',
  allowUnknownRegions: 'allowUnknownRegions: false',
  defaultEnvironment: 'defaultEnvironment: prod',
  dns: 'dns: {hostedZone: example.com, record: {name: www.example.com}}',
  'dns.hostedZone': 'hostedZone: example.com (or Z0123456789ABCDEFGHIJ)',
  'dns.record': 'record: {name: www.example.com, type: A, routing: simple}',
  'dns.record.name': 'name: www.example.com',
  'dns.record.type': 'type: A',
  'dns.record.routing': 'routing: simple',
  'dns.record.setIdentifiers': 'setIdentifiers: {ap-southeast-1: primary, us-east-1: dr-us-east-1}',
  'dns.record.setIdentifiers.*': 'us-east-1: dr-us-east-1',
  'dns.record.weightSteps': 'weightSteps: [10, 50, 100]',
  'dns.record.weightSteps.*': 'weightSteps: [10, 50, 100]',
  environments: 'environments: {prod: {}, test: {}, dev: {}}',
  'environments.*': 'prod: {parameters: params/prod.yaml}',
  'environments.*.parameters': 'parameters: params/prod.yaml',
  'environments.*.overrides': 'overrides: {DesiredCount: 4}',
  'environments.*.overrides.*': 'DesiredCount: 4',
  certificates: 'certificates: {us-east-1: {domain: www.example.com}}',
  'certificates.*':
    'us-east-1: arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666 (or {domain: www.example.com})',
  'certificates.*.domain': 'domain: www.example.com',
  data: 'data: {strategy: snapshot, snapshot: {sourceClusterId: shop-prod-data}}',
  'data.strategy': 'strategy: snapshot',
  'data.maxRpoMinutes': 'maxRpoMinutes: 60',
  'data.snapshot.sourceClusterId': 'sourceClusterId: shop-prod-data',
  'data.snapshot.kmsKeyIds': 'kmsKeyIds: {us-east-1: alias/shop-data}',
  'data.global.globalClusterId': 'globalClusterId: shop-global',
  'environments.*.data': 'data: {strategy: none}',
  'environments.*.data.strategy': 'strategy: none',
  media: 'media: {sourceBucket: shop-media, replicaBuckets: {us-east-1: shop-media-use1}}',
  'media.sourceBucket': 'sourceBucket: shop-media',
  'media.replicaBuckets': 'replicaBuckets: {us-east-1: shop-media-use1}',
  'media.maxLagMinutes': 'maxLagMinutes: 60',
  verification: 'verification: {path: /healthz, expectStatus: 200}',
  'verification.path': 'path: /healthz',
  'verification.expectStatus': 'expectStatus: 200',
  'verification.consecutiveSuccesses': 'consecutiveSuccesses: 3',
  'verification.intervalSeconds': 'intervalSeconds: 5',
  'verification.timeoutSeconds': 'timeoutSeconds: 5',
  'verification.windowSeconds': 'windowSeconds: 300',
  'verification.connectTo': "connectTo: ['::127.0.0.1:8443']",
  'verification.connectTo.*': "'::127.0.0.1:8443'",
  'verification.caFile': 'caFile: ./certs/internal-ca.pem',
  'verification.minHealthyTargets': 'minHealthyTargets: 2',
  lock: 'lock: {staleAfterMinutes: 120}',
  'lock.staleAfterMinutes': 'staleAfterMinutes: 120',
  'lock.store': 'store: s3',
  'lock.s3': 'lock: {store: s3, s3: {bucket: acme-dr-locks, region: us-west-2}}',
  'lock.s3.bucket': 'bucket: acme-dr-locks',
  'lock.s3.region': 'region: us-west-2',
  'lock.s3.prefix': 'prefix: drctl/locks/',
  'verification.nameServers': "nameServers: ['198.51.100.1', '127.0.0.1:5353']",
  'verification.nameServers.*': "'198.51.100.1'",
  switch: 'switch: {mode: arc}',
  'switch.mode': 'mode: arc',
  'switch.controlPlane': 'controlPlane: avoid',
  'switch.arc':
    'arc: {endpoints: [{region: us-east-1, url: https://host.example/v1}], controls: {us-east-1: arn:...}}',
  'switch.arc.endpoints':
    'endpoints: [{region: us-east-1, url: https://abcd.route53-recovery-cluster.us-east-1.amazonaws.com/v1}]',
  'switch.arc.endpoints.*':
    '{region: us-east-1, url: https://abcd.route53-recovery-cluster.us-east-1.amazonaws.com/v1}',
  'switch.arc.endpoints.*.url': 'url: https://abcd.route53-recovery-cluster.us-east-1.amazonaws.com/v1',
  'switch.arc.controls':
    'controls: {us-east-1: arn:aws:route53-recovery-control::123456789012:controlpanel/abc/routingcontrol/def}',
  'switch.arc.controls.*':
    'us-east-1: arn:aws:route53-recovery-control::123456789012:controlpanel/abc/routingcontrol/def',
  'switch.s3Object':
    's3Object: {bucket: acme-dr-switch, region: us-west-2, keys: {us-east-1: switch/us-east-1}}',
  'switch.s3Object.bucket': 'bucket: acme-dr-switch',
  'switch.s3Object.region': 'region: us-west-2',
  'switch.s3Object.keys': 'keys: {us-east-1: switch/us-east-1}',
  'switch.s3Object.keys.*': 'us-east-1: switch/us-east-1',
  journal: 'journal: {dir: ~/.drctl/runs}',
  'journal.dir': 'dir: ~/.drctl/runs',
  'journal.s3': 'journal.s3: s3://ops-bucket/drctl/',
  drill: 'drill: {record: dr-drill.example.com, rtoTargetMinutes: 30}',
  'drill.record': 'record: dr-drill.example.com',
  'drill.dns': 'dns: false',
  'drill.rtoTargetMinutes': 'rtoTargetMinutes: 30',
  'drill.keyDeletionDays': 'keyDeletionDays: 7',
  'drill.snapshotSourceClusterId': 'snapshotSourceClusterId: shop-prod-data',
  'drill.kmsKeyIds': 'kmsKeyIds: {us-east-1: alias/shop-data}',
  'drill.kmsKeyIds.*': 'us-east-1: alias/shop-data',
};

function fieldName(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'the config';
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))
    .join('.')
    .replace(/\.\[/g, '[');
}

function exampleFor(path: readonly PropertyKey[]): string | undefined {
  const exact = path.map(String).join('.');
  if (EXAMPLES[exact]) return EXAMPLES[exact];
  const generic = path
    .map((p, i) => (typeof p === 'number' || isMapKey(path, i) ? '*' : String(p)))
    .join('.');
  return EXAMPLES[generic];
}

/** Fields whose keys are names (regions, environments), which the example table writes as `*`. */
const MAPS = new Set([
  'certificates',
  'setIdentifiers',
  'environments',
  'overrides',
  'kmsKeyIds',
  'controls',
  'keys',
]);
const isMapKey = (path: readonly PropertyKey[], i: number) => MAPS.has(String(path[i - 1]));

export function sentence(path: readonly PropertyKey[], problem: string, example?: string): string {
  const ex = example ?? exampleFor(path);
  return `${fieldName(path)}: ${problem}${ex ? ` (for example \`${ex}\`)` : ''}.`;
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return `"${v}"`;
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return String(v);
}

function article(type: string): string {
  if (type === 'array') return 'a list';
  if (type === 'object') return 'a mapping';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** zod issue -> one sentence. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return sentence(issue.path, 'is missing');
      return sentence(issue.path, `must be ${article(issue.expected)}, got ${show(input)}`);
    case 'invalid_value':
      return sentence(
        issue.path,
        `must be one of ${issue.values.map((v) => String(v)).join(', ')}, got ${show(input)}`,
      );
    case 'unrecognized_keys': {
      const keys = issue.keys.map((k) => `"${k}"`).join(', ');
      const where = issue.path.length ? fieldName(issue.path) : 'the config';
      const known =
        issue.path.at(-1) === 'environments' ? ` (environments are ${environmentList('and')})` : '';
      return `${where}: unknown field ${keys}${known}; remove it or check its spelling.`;
    }
    case 'too_small':
      if (issue.origin === 'array') return sentence(issue.path, `needs at least ${issue.minimum} item(s)`);
      if (issue.origin === 'string') return sentence(issue.path, 'must not be empty');
      return sentence(issue.path, `must be at least ${issue.minimum}, got ${show(input)}`);
    case 'too_big':
      return sentence(issue.path, `must be at most ${issue.maximum}, got ${show(input)}`);
    case 'invalid_format':
      return sentence(
        issue.path,
        `${issue.message.startsWith('Invalid') ? 'has the wrong format' : issue.message}, got ${show(input)}`,
      );
    case 'invalid_union':
      return sentence(issue.path, `is not a valid value, got ${show(input)}`);
    default:
      return sentence(issue.path, issue.message);
  }
}
