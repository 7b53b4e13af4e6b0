/**
 * TrafficSwitchPort over Route 53 ARC routing controls (`switch.mode: arc`): reads and sets
 * each region's routing control through the cluster's regional endpoints, never the
 * control plane.
 *
 * Why the rotation: AWS guarantees only that at least three of a cluster's five endpoints
 * are reachable, and cycles them through maintenance; its advice is to connect to one and
 * "If the endpoint is unavailable, you can try connecting to another one of your cluster
 * endpoints ... try each endpoint in rotation, as needed"
 * (https://docs.aws.amazon.com/r53recovery/latest/dg/routing-control.update.api.html).
 * So each call starts at the endpoint that last answered (a random one at first), gives
 * every endpoint one short attempt in turn, and fails only when a whole round failed. A
 * round in which every endpoint failed retryably (timeout, 5xx, throttling, connection) is
 * one attempt for `callAws`, which sleeps and tries another round by drctl's retry rule.
 * What no other endpoint can cure ends the call at once: a safety-rule refusal
 * (ConflictException), a bad request (ValidationException), an unknown control, denied
 * access.
 */
import {
  GetRoutingControlStateCommand,
  type Route53RecoveryClusterClient,
  UpdateRoutingControlStatesCommand,
} from '@aws-sdk/client-route53-recovery-cluster';
import { DrctlError } from '../errors.js';
import { isRetryable, type RetryPolicy, throttledAs } from '../ports/retry.js';
import type { SwitchState, TrafficSwitchPort } from '../ports/traffic-switch.js';
import { callAws } from './call.js';
import type { ClientFactory } from './clients.js';

/** One of the cluster's regional endpoints, as DescribeCluster lists it. */
interface ArcEndpoint {
  region: string;
  url: string;
}

export interface ArcSettings {
  /** The cluster's endpoints (`switch.arc.endpoints`), 1 to 5. */
  endpoints: ArcEndpoint[];
  /** Region -> its routing control's ARN (`switch.arc.controls`). */
  controls: Record<string, string>;
}

/**
 * One attempt at one endpoint, ms (connect and answer). A healthy endpoint answers in well
 * under a second; a dead one should cost little before the next is tried.
 */
const ARC_ENDPOINT_TIMEOUT_MS = 5_000;

interface Endpoint extends ArcEndpoint {
  client: Route53RecoveryClusterClient;
}

/** Every endpoint failed in one round, each retryably: `callAws` may try another round. */
class AllEndpointsFailed extends Error {
  readonly $retryable: { throttling: boolean };
  constructor(readonly failures: { endpoint: ArcEndpoint; error: unknown }[]) {
    super(failures.map((f) => `${label(f.endpoint)}: ${describe(f.error)}`).join('; '));
    this.name = 'AllEndpointsFailed';
    // Throttled everywhere: the throttled budget applies (retry.ts reads this flag).
    this.$retryable = { throttling: failures.every((f) => throttledAs(f.error)) };
  }
}

const label = (e: ArcEndpoint) => `${e.region} (${e.url})`;
const describe = (e: unknown) => {
  const err = e as { name?: string; message?: string };
  return `${err?.name ?? 'Error'}: ${(err?.message ?? String(e)).split('\n')[0]}`;
};

/** The endpoint's own trouble (another endpoint may answer): AWS's name for it, or any retryable fault. */
function isEndpointFault(e: unknown): boolean {
  const name = (e as { name?: string })?.name;
  return name === 'EndpointTemporarilyUnavailableException' || isRetryable(e);
}

export class ArcRoutingControls implements TrafficSwitchPort {
  readonly kind = 'arc' as const;
  private readonly endpoints: Endpoint[];
  private readonly retry: RetryPolicy;
  /** Where the next call starts: the endpoint that last answered. */
  private next: number;

  constructor(
    factory: ClientFactory,
    private readonly settings: ArcSettings,
    options: { timeoutMs?: number; random?: () => number } = {},
  ) {
    if (settings.endpoints.length === 0) {
      throw new DrctlError('CONFIG_INVALID', 'switch.arc.endpoints lists no cluster endpoint.', {
        source: 'user',
      });
    }
    this.endpoints = settings.endpoints.map((e) => ({
      ...e,
      client: factory.arcCluster(e, options.timeoutMs ?? ARC_ENDPOINT_TIMEOUT_MS),
    }));
    this.retry = factory.retry;
    this.next = Math.floor((options.random ?? Math.random)() * this.endpoints.length);
  }

  async read(regions: string[]): Promise<Record<string, SwitchState>> {
    const arns = regions.map((r) => [r, this.controlOf(r)] as const);
    return this.onAnyEndpoint('ARC GetRoutingControlState', async (client) => {
      const out: Record<string, SwitchState> = {};
      // One endpoint answers for every control, so the states read belong together.
      for (const [region, arn] of arns) {
        const r = await client.send(new GetRoutingControlStateCommand({ RoutingControlArn: arn }));
        out[region] = r.RoutingControlState === 'On' ? 'On' : 'Off';
      }
      return out;
    });
  }

  async set(states: Record<string, SwitchState>): Promise<void> {
    const entries = Object.entries(states).map(([region, state]) => ({
      RoutingControlArn: this.controlOf(region),
      RoutingControlState: state,
    }));
    if (entries.length === 0) return;
    // One call for all entries: ARC applies them together or not at all, and checks the
    // safety rules against the result (UpdateRoutingControlStates).
    await this.onAnyEndpoint('ARC UpdateRoutingControlStates', (client) =>
      client.send(new UpdateRoutingControlStatesCommand({ UpdateRoutingControlStateEntries: entries })),
    );
  }

  private controlOf(region: string): string {
    const arn = this.settings.controls[region];
    if (!arn) {
      throw new DrctlError(
        'CONFIG_INVALID',
        `switch.arc.controls names no routing control for ${region}; add its ARN (the switch template's output).`,
        { source: 'user' },
      );
    }
    return arn;
  }

  /** `fn` on each endpoint in turn until one answers; rounds retried by drctl's retry rule. */
  private async onAnyEndpoint<T>(
    what: string,
    fn: (c: Route53RecoveryClusterClient) => Promise<T>,
  ): Promise<T> {
    let rounds = 0;
    try {
      return await callAws(
        what,
        async () => {
          rounds++;
          return await this.round(fn);
        },
        this.retry,
      );
    } catch (e) {
      const cause = e instanceof DrctlError ? e.cause : e;
      if (cause instanceof AllEndpointsFailed) {
        throw new DrctlError(
          'AWS_CALL_FAILED',
          `${what} failed on every cluster endpoint (${cause.failures.length}, ${rounds} round(s)); last errors: ${cause.message}.`,
          { source: 'aws', cause },
        );
      }
      if ((cause as { name?: string })?.name === 'ConflictException') {
        throw new DrctlError(
          'REFUSED',
          `ARC refused the routing control change (ConflictException): ${describe(cause).replace(/^ConflictException: /, '')}; a safety rule (at least one region On) or a concurrent update blocks it, and no endpoint will accept it as it is.`,
          {
            source: 'aws',
            cause,
            hints: ['Read the states with `drctl status`; a safety rule applies to every endpoint alike.'],
          },
        );
      }
      throw e;
    }
  }

  private async round<T>(fn: (c: Route53RecoveryClusterClient) => Promise<T>): Promise<T> {
    const failures: { endpoint: ArcEndpoint; error: unknown }[] = [];
    const n = this.endpoints.length;
    for (let i = 0; i < n; i++) {
      const at = (this.next + i) % n;
      const endpoint = this.endpoints[at]!;
      try {
        const result = await fn(endpoint.client);
        this.next = at;
        return result;
      } catch (e) {
        if (!isEndpointFault(e)) throw e;
        failures.push({ endpoint: { region: endpoint.region, url: endpoint.url }, error: e });
      }
    }
    // Start the next round past the endpoint that failed first, so rounds keep rotating.
    this.next = (this.next + 1) % n;
    throw new AllEndpointsFailed(failures);
  }
}
