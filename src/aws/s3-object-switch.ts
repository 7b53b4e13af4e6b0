/**
 * TrafficSwitchPort on S3 objects (`switch.mode: s3-object`), the switch that needs no ARC
 * cluster: each region's Route 53 health check is an HTTPS_STR_MATCH check of one object
 * in a bucket in a third region (neither the primary nor a target), passing while the
 * object's body is `on` (templates/switch-s3-object.yaml). Flipping is a PutObject, an S3
 * data-plane call in the bucket's region; Route 53's control plane is never involved.
 * If the bucket's region itself fails, every check fails and Route 53 answers the PRIMARY
 * record of the failover pair (docs/data-plane.md).
 */
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DrctlError } from '../errors.js';
import type { RetryPolicy } from '../ports/retry.js';
import type { SwitchState, TrafficSwitchPort } from '../ports/traffic-switch.js';
import { callAws } from './call.js';
import type { ClientFactory } from './clients.js';

export interface S3ObjectSwitchSettings {
  bucket: string;
  /** The bucket's region. */
  region: string;
  /** Region -> the key its health check reads. */
  keys: Record<string, string>;
}

const BODY: Record<SwitchState, string> = { On: 'on', Off: 'off' };

/** The SDK's NoSuchKey, wrapped by callAws or not. */
function isMissing(e: unknown): boolean {
  for (let x = e as { name?: string; cause?: unknown } | undefined; x; x = x.cause as typeof x) {
    if (x.name === 'NoSuchKey') return true;
  }
  return false;
}

export class S3ObjectSwitch implements TrafficSwitchPort {
  readonly kind = 's3-object' as const;
  private readonly client: S3Client;
  private readonly retry: RetryPolicy;

  constructor(
    factory: ClientFactory,
    private readonly settings: S3ObjectSwitchSettings,
  ) {
    this.client = factory.s3(settings.region);
    this.retry = factory.retry;
  }

  async read(regions: string[]): Promise<Record<string, SwitchState>> {
    const out: Record<string, SwitchState> = {};
    for (const region of regions) out[region] = await this.readOne(region);
    return out;
  }

  /** Target(s) On first, then the others Off: never a moment with no region On. */
  async set(states: Record<string, SwitchState>): Promise<void> {
    const entries = Object.entries(states);
    for (const [region] of entries) this.keyOf(region); // every key known before any write
    const ordered = [...entries.filter(([, s]) => s === 'On'), ...entries.filter(([, s]) => s === 'Off')];
    for (const [region, state] of ordered) {
      const Key = this.keyOf(region);
      const put = new PutObjectCommand({
        Bucket: this.settings.bucket,
        Key,
        Body: BODY[state],
        ContentType: 'text/plain',
        // Health checkers fetch the object over HTTPS; nothing between may keep an old body.
        CacheControl: 'no-store',
      });
      await callAws(
        `S3 PutObject ${this.uri(Key)} (${region} ${state})`,
        () => this.client.send(put),
        this.retry,
      );
    }
  }

  private async readOne(region: string): Promise<SwitchState> {
    const Key = this.keyOf(region);
    const what = `S3 GetObject ${this.uri(Key)}`;
    let body: string;
    try {
      body = await callAws(
        what,
        async () => {
          const r = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key }));
          return (await r.Body?.transformToString()) ?? '';
        },
        this.retry,
      );
    } catch (e) {
      if (!isMissing(e)) throw e;
      throw new DrctlError(
        'NOT_FOUND',
        `The switch object ${this.uri(Key)} for ${region} does not exist; deploy templates/switch-s3-object.yaml (it writes the objects) or fix switch.s3Object.keys.`,
        { source: 'user', cause: e },
      );
    }
    const value = body.trim().toLowerCase();
    if (value === 'on') return 'On';
    if (value === 'off') return 'Off';
    throw new DrctlError(
      'AWS_CALL_FAILED',
      `The switch object ${this.uri(Key)} for ${region} holds ${JSON.stringify(body.slice(0, 40))}, neither "on" nor "off"; its health check state is unknown.`,
      { source: 'user' },
    );
  }

  private keyOf(region: string): string {
    const key = this.settings.keys[region];
    if (!key) {
      throw new DrctlError('CONFIG_INVALID', `switch.s3Object.keys names no object for ${region}.`, {
        source: 'user',
      });
    }
    return key;
  }

  private uri(key: string): string {
    return `s3://${this.settings.bucket}/${key}`;
  }
}
