/**
 * One factory for every AWS client drctl uses, so region, profile, endpoint, retries and
 * the user agent are set in one place. Clients are cached per service and region. The
 * SDK makes one attempt per call: `callAws` retries, by `retry` (src/ports/retry.ts).
 * The SDK itself honours the standard credential chain and AWS_ENDPOINT_URL; an explicit
 * --endpoint-url wins over both.
 */
import { ACMClient } from '@aws-sdk/client-acm';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { KMSClient } from '@aws-sdk/client-kms';
import { RDSClient } from '@aws-sdk/client-rds';
import { Route53Client } from '@aws-sdk/client-route-53';
import { Route53RecoveryClusterClient } from '@aws-sdk/client-route53-recovery-cluster';
import { S3Client } from '@aws-sdk/client-s3';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { systemClock } from '../local/system-clock.js';
import { RETRY_BUDGET, type RetryPolicy } from '../ports/retry.js';
import { drctlVersion } from '../version.js';
import { callAws } from './call.js';

export interface AwsOptions {
  /** Named profile from ~/.aws/config; default: the standard credential chain. */
  profile?: string;
  /** Send every call here (the local emulator); default: AWS_ENDPOINT_URL or AWS. */
  endpointUrl?: string;
  /** Over the retry rule (src/ports/retry.ts): tests pass fake time or fewer attempts. */
  retry?: Partial<RetryPolicy>;
  /** Region for global services (Route 53, STS when no region applies); default us-east-1. */
  globalRegion?: string;
  /**
   * Give up on one HTTP attempt after this long, ms; default 30 000. The SDK sets no
   * timeout of its own, so a black-holed connection (a dying region, a NAT that drops
   * packets) would hang a failover forever (invariant 6). A timed-out attempt is retried
   * like any transient error.
   */
  requestTimeoutMs?: number;
  /** Give up connecting after this long, ms; default 10 000. */
  connectTimeoutMs?: number;
  /**
   * Waits for a turn before every request a client sends (each attempt: callAws retries
   * through `send`), by client name and region. A fleet passes its shared API budget here
   * so all applications together stay under each service's limit. Default: no waiting.
   */
  pace?: (service: string, region: string) => Promise<void> | undefined;
}

type Ctor<T> = new (config: Record<string, unknown>) => T;

export class ClientFactory {
  private readonly cache = new Map<string, unknown>();

  /** The retry rule every adapter's `callAws` follows. */
  readonly retry: RetryPolicy;

  constructor(readonly options: AwsOptions = {}) {
    this.retry = { ...RETRY_BUDGET, clock: systemClock, ...options.retry };
  }

  /** One AWS call through `callAws` by this factory's retry rule: how every adapter calls. */
  call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    return callAws(what, fn, this.retry);
  }

  private get<T>(name: string, ctor: Ctor<T>, region: string): T {
    const key = `${name}@${region}`;
    let client = this.cache.get(key) as T | undefined;
    if (!client) {
      client = new ctor(name === 's3' ? this.s3Config(region) : this.config(region));
      this.addPacing(client, name, region);
      this.cache.set(key, client);
    }
    return client;
  }

  private addPacing(client: unknown, name: string, region: string): void {
    const pace = this.options.pace;
    if (!pace) return;
    type Next = (args: unknown) => Promise<unknown>;
    const stack = (client as { middlewareStack: { add(mw: unknown, opts: object): void } }).middlewareStack;
    stack.add(
      (next: Next) => async (args: unknown) => {
        await pace(name, region);
        return next(args);
      },
      // finalizeRequest runs once per HTTP attempt, after signing's inputs are built.
      { step: 'finalizeRequest', name: 'drctlPace' },
    );
  }

  /** The shared client configuration (exported for tests). */
  config(region: string): Record<string, unknown> {
    const o = this.options;
    return {
      region,
      ...(o.profile ? { profile: o.profile } : {}),
      ...(o.endpointUrl ? { endpoint: o.endpointUrl } : {}),
      // callAws is the one retry layer; SDK retries would multiply its attempts unseen.
      maxAttempts: 1,
      customUserAgent: `drctl/${drctlVersion()}`,
      // Without throwOnRequestTimeout the SDK only logs a warning when requestTimeout passes.
      requestHandler: {
        requestTimeout: o.requestTimeoutMs ?? 30_000,
        connectionTimeout: o.connectTimeoutMs ?? 10_000,
        throwOnRequestTimeout: true,
      },
    };
  }

  get globalRegion(): string {
    return this.options.globalRegion ?? 'us-east-1';
  }

  /** Route 53's control plane is global; its API lives in us-east-1 (aws partition). */
  route53(): Route53Client {
    return this.get('route53', Route53Client, this.globalRegion);
  }
  cloudFormation(region: string): CloudFormationClient {
    return this.get('cloudformation', CloudFormationClient, region);
  }
  elbv2(region: string): ElasticLoadBalancingV2Client {
    return this.get('elbv2', ElasticLoadBalancingV2Client, region);
  }
  sts(region: string): STSClient {
    return this.get('sts', STSClient, region);
  }
  rds(region: string): RDSClient {
    return this.get('rds', RDSClient, region);
  }
  acm(region: string): ACMClient {
    return this.get('acm', ACMClient, region);
  }
  ec2(region: string): EC2Client {
    return this.get('ec2', EC2Client, region);
  }
  ssm(region: string): SSMClient {
    return this.get('ssm', SSMClient, region);
  }
  s3(region: string): S3Client {
    return this.get('s3', S3Client, region);
  }
  kms(region: string): KMSClient {
    return this.get('kms', KMSClient, region);
  }

  /**
   * One ARC cluster endpoint (`switch.arc.endpoints`): its own URL, signed for its own
   * region, whatever --endpoint-url says (the emulator's endpoints are URLs in the config
   * too). Each attempt gets `timeoutMs` (connect and answer), far below the default: the
   * caller moves on to another of the cluster's endpoints rather than wait on a dead one.
   */
  arcCluster(endpoint: { region: string; url: string }, timeoutMs: number): Route53RecoveryClusterClient {
    const key = `arc@${endpoint.region}@${endpoint.url}`;
    let client = this.cache.get(key) as Route53RecoveryClusterClient | undefined;
    if (!client) {
      client = new Route53RecoveryClusterClient({
        ...this.config(endpoint.region),
        endpoint: endpoint.url,
        requestHandler: {
          requestTimeout: timeoutMs,
          connectionTimeout: timeoutMs,
          throwOnRequestTimeout: true,
        },
      });
      this.cache.set(key, client);
    }
    return client;
  }

  /**
   * S3 client settings: path-style addressing when an endpoint is overridden (an emulator
   * on 127.0.0.1 has no per-bucket host names), virtual-hosted style against AWS.
   */
  s3Config(region: string): Record<string, unknown> {
    const overridden = Boolean(
      this.options.endpointUrl || process.env.AWS_ENDPOINT_URL || process.env.AWS_ENDPOINT_URL_S3,
    );
    return { ...this.config(region), ...(overridden ? { forcePathStyle: true } : {}) };
  }

  /** A client built elsewhere (special settings) that `destroy()` must close too. */
  adopt<T extends { destroy(): void }>(name: string, client: T): T {
    this.cache.set(`adopted:${name}:${this.cache.size}`, client);
    return client;
  }

  /** Closes every socket so the process can exit promptly. */
  destroy(): void {
    for (const c of this.cache.values()) (c as { destroy(): void }).destroy();
    this.cache.clear();
  }
}
