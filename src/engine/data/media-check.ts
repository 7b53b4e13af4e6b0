/**
 * Preflight for media: the replica bucket exists in the recovery region, the source
 * bucket replicates to it with an enabled rule, and replication is recent. Reads only;
 * drctl never changes buckets or the CloudFront distribution (its origin group fails
 * over to the replica by itself).
 *
 * Recency, cheaply: S3 lists by key, never by time, so "the newest object" is not one
 * call away. With a heartbeat key (an object a scheduled job rewrites in the source
 * bucket every few minutes), two HeadObjects answer exactly: its age in the replica, and
 * its ReplicationStatus in the source. Without one, the newest LastModified of one
 * listing page of the replica is a weak hint only, reported as a warning at most.
 */
import type { Clock } from '../../ports/clock.js';
import type { MediaPort, ReplicationRule } from '../../ports/media.js';
import { DEFAULTS } from '../defaults.js';
import { formatAge } from './rpo.js';

export interface MediaCheckInput {
  sourceRegion: string;
  sourceBucket: string;
  targetRegion: string;
  replicaBucket: string;
  /** Heartbeat object rewritten regularly in the source bucket. Default: none (sample instead). */
  heartbeatKey?: string;
  /** Replicated data older than this is stale. Default: 60 minutes. */
  maxLagMinutes?: number;
  /** Prefix sampled when there is no heartbeat key. Default: `''` (the bucket's first keys). */
  samplePrefix?: string;
  /** Keys in the sample (one ListObjectsV2 page). Default: 1000, S3's page maximum. */
  sampleSize?: number;
}

type MediaCheckName =
  | 'replica-bucket'
  | 'replication-rule'
  | 'replication-encryption'
  | 'replication-recency';

interface MediaFinding {
  check: MediaCheckName;
  severity: 'error' | 'warning' | 'info';
  message: string;
}

export interface MediaCheckResult {
  /** No finding of severity `error`. */
  ok: boolean;
  findings: MediaFinding[];
  /** When the newest replicated data seen was written, when known. */
  lastReplicatedAt?: Date;
}

const msg = (e: unknown) => (e as Error).message ?? String(e);

export async function checkMedia(
  input: MediaCheckInput,
  media: MediaPort,
  clock: Clock,
): Promise<MediaCheckResult> {
  const findings: MediaFinding[] = [];
  const add = (check: MediaCheckName, severity: MediaFinding['severity'], message: string) =>
    findings.push({ check, severity, message });

  const loc = await media.locateBucket(input.targetRegion, input.replicaBucket);
  if (!loc.exists) add('replica-bucket', 'error', `Replica bucket ${input.replicaBucket} does not exist.`);
  else if (loc.region && loc.region !== input.targetRegion) {
    add(
      'replica-bucket',
      'error',
      `Replica bucket ${input.replicaBucket} is in ${loc.region}, not ${input.targetRegion}.`,
    );
  } else
    add('replica-bucket', 'info', `Replica bucket ${input.replicaBucket} exists in ${input.targetRegion}.`);

  await checkRule(input, media, add);
  const lastReplicatedAt = await checkRecency(input, media, clock, add);
  return {
    ok: !findings.some((f) => f.severity === 'error'),
    findings,
    ...(lastReplicatedAt ? { lastReplicatedAt } : {}),
  };
}

type Add = (check: MediaCheckName, severity: MediaFinding['severity'], message: string) => void;

async function checkRule(input: MediaCheckInput, media: MediaPort, add: Add): Promise<void> {
  let config: Awaited<ReturnType<MediaPort['replication']>>;
  try {
    config = await media.replication(input.sourceRegion, input.sourceBucket);
  } catch (e) {
    // In an outage the source region may not answer: the replica may still be fine.
    add('replication-rule', 'warning', `Could not read the replication of ${input.sourceBucket}: ${msg(e)}`);
    return;
  }
  const dest = `arn:aws:s3:::${input.replicaBucket}`;
  const rules = (config?.rules ?? []).filter((r) => r.destinationBucketArn === dest);
  const rule: ReplicationRule | undefined = rules.find((r) => r.status === 'Enabled') ?? rules[0];
  if (!rule) {
    add(
      'replication-rule',
      'error',
      `Bucket ${input.sourceBucket} has no replication rule toward ${input.replicaBucket}.`,
    );
    return;
  }
  if (rule.status !== 'Enabled') {
    add(
      'replication-rule',
      'error',
      `The replication rule ${rule.id ?? ''} toward ${input.replicaBucket} is ${rule.status}.`,
    );
    return;
  }
  const scope = rule.prefix ? `objects under ${rule.prefix}` : 'every object';
  const rtc = rule.replicationTimeControl ? ' with Replication Time Control' : '';
  add(
    'replication-rule',
    'info',
    `${input.sourceBucket} replicates ${scope} to ${input.replicaBucket}${rtc}.`,
  );
  if (!rule.replicatesKmsObjects) {
    // S3 skips SSE-KMS objects unless the rule opts in (SourceSelectionCriteria).
    add('replication-encryption', 'warning', 'The rule does not replicate SSE-KMS encrypted objects.');
  }
}

async function checkRecency(input: MediaCheckInput, media: MediaPort, clock: Clock, add: Add) {
  const maxSeconds = (input.maxLagMinutes ?? DEFAULTS.mediaMaxLagMinutes) * 60;
  const age = (d: Date) => (clock.now() - d.getTime()) / 1000;
  if (input.heartbeatKey) {
    const replica = await media.headObject(input.targetRegion, input.replicaBucket, input.heartbeatKey);
    if (!replica) {
      add(
        'replication-recency',
        'error',
        `Heartbeat ${input.heartbeatKey} is not in ${input.replicaBucket}.`,
      );
      return undefined;
    }
    const a = age(replica.lastModified);
    const text = `Heartbeat ${input.heartbeatKey} in the replica is ${formatAge(a)} old`;
    add(
      'replication-recency',
      a > maxSeconds ? 'error' : 'info',
      `${text} (limit ${formatAge(maxSeconds)}).`,
    );
    await checkSourceHeartbeat(input, media, add);
    return replica.lastModified;
  }
  const newest = await media.newestInSample(
    input.targetRegion,
    input.replicaBucket,
    input.samplePrefix ?? '',
    input.sampleSize ?? 1000,
  );
  if (!newest) {
    add(
      'replication-recency',
      'warning',
      `No object sampled in ${input.replicaBucket}; set a heartbeat key to measure.`,
    );
    return undefined;
  }
  const sev = age(newest) > maxSeconds ? 'warning' : 'info';
  add(
    'replication-recency',
    sev,
    `Newest sampled replica object is ${formatAge(age(newest))} old (a sample, not proof).`,
  );
  return newest;
}

async function checkSourceHeartbeat(input: MediaCheckInput, media: MediaPort, add: Add): Promise<void> {
  try {
    const src = await media.headObject(input.sourceRegion, input.sourceBucket, input.heartbeatKey ?? '');
    if (src?.replicationStatus === 'FAILED') {
      add('replication-recency', 'error', `S3 reports replication of ${input.heartbeatKey} FAILED.`);
    }
  } catch {
    // The source region not answering is the outage itself; the replica's age already says enough.
  }
}
