/**
 * The least-privilege IAM policy document an operator role needs for the chosen commands:
 * only the actions those commands call (commands.ts, actions.ts), each scoped as tightly as
 * AWS allows: stacks by the app's name prefix, record changes by zone, record names and
 * types, snapshots drctl made by their prefix, keys by their alias. Pure: no AWS call.
 */
import { type RecordType, typesOf } from '../ports/dns.js';
import { type IamAction, type Scope, SDK_OPERATIONS } from './actions.js';
import { COMMAND_OPERATIONS, type PolicyCommand } from './commands.js';

export interface PolicyInput {
  app: string;
  commands: PolicyCommand[];
  /** The record drctl moves, e.g. `www.example.com`. */
  recordName: string;
  recordType: RecordType;
  /** The drill's own record, if any. */
  drillRecordName?: string;
  /** Zone id (Z...); default: any zone (the record-name condition still applies). */
  hostedZoneId?: string;
  /** Media buckets drctl reads; default: `<app>-*`. */
  mediaBuckets?: string[];
  /** journal.s3 as `s3://bucket/prefix`; default: none configured, `*` with a drctl/ prefix. */
  journalS3?: string;
  globalClusterId?: string;
  /** `switch.mode`: grants only the switch it uses; default: both switches (a config-less policy). */
  switchMode?: 'records' | 'arc' | 's3-object';
  /** `lock.store`: grants the S3 lock only for `s3`; default: granted. */
  lockStore?: 'route53' | 's3';
  /** `switch.arc.controls` ARNs; default: any routing control in the account. */
  routingControls?: string[];
  /** `switch.s3Object` as `bucket/key` per region; default: `<any bucket>/switch/*`. */
  switchObjects?: string[];
  /** `lock.s3`; default: any bucket, prefix `drctl/locks/`. */
  lockS3?: { bucket: string; prefix: string };
  /** AWS partition; default `aws`. */
  partition?: string;
}

interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string[]>>;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/** Route 53 compares normalised names: lower case, no trailing dot. */
const normal = (n: string) => n.toLowerCase().replace(/\.$/, '');

function resources(scope: Scope, p: PolicyInput): string[] {
  const arn = (service: string, rest: string) => `arn:${p.partition ?? 'aws'}:${service}:${rest}`;
  const media = p.mediaBuckets?.length ? p.mediaBuckets : [`${p.app}-*`];
  const journal = p.journalS3?.replace(/^s3:\/\//, '') ?? '*/drctl/';
  switch (scope) {
    case 'any':
      return ['*'];
    case 'stack':
      return [arn('cloudformation', `*:*:stack/${p.app}-*/*`)];
    case 'zone':
    case 'record-change':
      return [arn('route53', `::hostedzone/${p.hostedZoneId ?? '*'}`)];
    case 'change':
      return [arn('route53', '::change/*')];
    case 'media-bucket':
      return media.map((b) => arn('s3', `::${b}`));
    case 'media-object':
      return media.map((b) => arn('s3', `::${b}/*`));
    case 'drill-bucket':
      return [arn('s3', `::${p.app}-*`)];
    case 'drill-object':
      return [arn('s3', `::${p.app}-*/*`)];
    case 'journal-object':
      return [arn('s3', `::${journal.replace(/\/?$/, '/')}*`)];
    case 'snapshot':
      // The source is whatever snapshot the config's cluster has (automated ones included).
      return [arn('rds', '*:*:cluster-snapshot:*')];
    case 'drctl-snapshot':
      return [arn('rds', '*:*:cluster-snapshot:drctl-*')];
    case 'app-cluster':
      return [arn('rds', `*:*:cluster:${p.app}-*`)];
    case 'global-cluster':
      return [arn('rds', `:*:global-cluster:${p.globalClusterId ?? '*'}`), arn('rds', '*:*:cluster:*')];
    case 'app-key':
      return [arn('kms', '*:*:key/*')];
    case 'app-parameter':
      return [arn('ssm', `*:*:parameter/${p.app}/*`)];
    case 'routing-control':
      return p.routingControls?.length
        ? p.routingControls
        : [arn('route53-recovery-control', ':*:controlpanel/*/routingcontrol/*')];
    case 'switch-object':
      return (p.switchObjects?.length ? p.switchObjects : ['*/switch/*']).map((o) => arn('s3', `::${o}`));
    case 'lock-bucket':
      return [arn('s3', `::${p.lockS3?.bucket ?? '*'}`)];
    case 'lock-object':
      return [arn('s3', `::${p.lockS3?.bucket ?? '*'}/${p.lockS3?.prefix ?? 'drctl/locks/'}*`)];
  }
}

function condition(scope: Scope, p: PolicyInput): PolicyStatement['Condition'] {
  if (scope === 'record-change') {
    const names = [p.recordName, p.drillRecordName].filter((n): n is string => Boolean(n)).map(normal);
    return {
      'ForAllValues:StringEquals': {
        // The record and its lock (drctl keeps the lock as a TXT record beside it).
        'route53:ChangeResourceRecordSetsNormalizedRecordNames': [
          ...names,
          ...names.map((n) => `_drctl-lock.${n}`),
        ],
        'route53:ChangeResourceRecordSetsRecordTypes': [...typesOf(p.recordType), 'TXT'],
      },
    };
  }
  // KMS keys have no name in their ARN; their alias says they are this app's.
  if (scope === 'app-key')
    return { 'ForAnyValue:StringLike': { 'kms:ResourceAliases': [`alias/${p.app}-*`] } };
  return undefined;
}

/** Scopes of a feature the config does not use: their grants are left out. */
function unused(p: PolicyInput): Set<Scope> {
  const out = new Set<Scope>();
  if (p.switchMode && p.switchMode !== 'arc') out.add('routing-control');
  if (p.switchMode && p.switchMode !== 's3-object') out.add('switch-object');
  if (p.lockStore && p.lockStore !== 's3')
    for (const s of ['lock-bucket', 'lock-object'] as const) out.add(s);
  return out;
}

/** The IAM actions of the chosen commands, with their scopes, deduplicated. */
function actionsFor(p: PolicyInput): IamAction[] {
  const seen = new Map<string, IamAction>();
  const skip = unused(p);
  for (const c of p.commands) {
    for (const op of COMMAND_OPERATIONS[c]) {
      for (const a of SDK_OPERATIONS[op] ?? []) if (!skip.has(a.scope)) seen.set(`${a.action}@${a.scope}`, a);
    }
  }
  return [...seen.values()];
}

const SIDS: Record<Scope, string> = {
  any: 'ReadsWithoutResourceLevelPermissions',
  stack: 'AppStacks',
  zone: 'HostedZoneReads',
  'record-change': 'RecordAndLockChanges',
  change: 'Route53ChangeStatus',
  'media-bucket': 'MediaBuckets',
  'media-object': 'MediaObjects',
  'drill-bucket': 'DrillBuckets',
  'drill-object': 'DrillObjects',
  'journal-object': 'JournalMirror',
  snapshot: 'SnapshotCopies',
  'drctl-snapshot': 'DrctlSnapshots',
  'app-cluster': 'AppClusters',
  'global-cluster': 'GlobalDatabase',
  'app-key': 'AppKmsKeys',
  'app-parameter': 'AppParameters',
  'routing-control': 'ArcRoutingControls',
  'switch-object': 'SwitchObjects',
  'lock-bucket': 'LockBucket',
  'lock-object': 'LockObjects',
};

export function buildPolicy(p: PolicyInput): PolicyDocument {
  const byScope = new Map<Scope, Set<string>>();
  for (const a of actionsFor(p)) {
    const set = byScope.get(a.scope) ?? new Set<string>();
    byScope.set(a.scope, set);
    set.add(a.action);
  }
  const Statement: PolicyStatement[] = [];
  for (const [scope, actions] of byScope) {
    const res = resources(scope, p);
    const cond = condition(scope, p);
    Statement.push({
      Sid: SIDS[scope],
      Effect: 'Allow',
      Action: [...actions].sort(),
      Resource: res.length === 1 ? res[0]! : res,
      ...(cond ? { Condition: cond } : {}),
    });
  }
  Statement.sort((x, y) => x.Sid.localeCompare(y.Sid));
  return { Version: '2012-10-17', Statement };
}
