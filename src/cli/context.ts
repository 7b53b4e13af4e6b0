/**
 * What every command gets: the global flags, validated, and lazy builders for config and
 * adapters. Nothing here imports the AWS SDK at load time: `drctl --help` stays fast.
 */

import type { LoadedConfig } from '../config/load.js';
import { DrctlError } from '../errors.js';
import type { Io } from './io.js';

export interface GlobalOptions {
  /** Path of drctl.yaml; default ./drctl.yaml. */
  config: string;
  /** AWS named profile; default: the standard credential chain. */
  profile?: string;
  /** Send AWS calls to this endpoint (emulator); default AWS_ENDPOINT_URL or AWS. */
  endpointUrl?: string;
  /** NDJSON / JSON output for machines. */
  json: boolean;
  verbose: boolean;
}

export function parseGlobals(raw: Record<string, unknown>): GlobalOptions {
  const endpointUrl = (raw.endpointUrl as string | undefined) ?? undefined;
  if (endpointUrl !== undefined && !/^https?:\/\/[^\s/]+/.test(endpointUrl)) {
    throw new DrctlError(
      'USAGE',
      `--endpoint-url "${endpointUrl}" is not an http(s) URL (for example http://127.0.0.1:5000).`,
    );
  }
  const profile = raw.profile as string | undefined;
  if (profile !== undefined && !/^[\w.+=,@-]+$/.test(profile)) {
    throw new DrctlError(
      'USAGE',
      `--profile "${profile}" is not a profile name (letters, digits and _.+=,@- only).`,
    );
  }
  return {
    config: (raw.config as string | undefined) ?? './drctl.yaml',
    ...(profile ? { profile } : {}),
    ...(endpointUrl ? { endpointUrl } : {}),
    json: Boolean(raw.json),
    verbose: Boolean(raw.verbose),
  };
}

export interface Context {
  globals: GlobalOptions;
  io: Io;
  loadConfig(): Promise<LoadedConfig>;
}

export function createContext(globals: GlobalOptions, io: Io): Context {
  let loaded: Promise<LoadedConfig> | undefined;
  return {
    globals,
    io,
    loadConfig() {
      loaded ??= import('../config/load.js').then((m) => m.loadConfig(globals.config));
      return loaded;
    },
  };
}

/** A fleet's shared API budget, for adapters built for all of its applications. */
export interface SharedBudget {
  budget: import('../engine/pace.js').ApiBudget;
  /** Record changes of one zone waiting for the same Route 53 turn go out as one batch. */
  combineZoneBatches?: boolean;
}

/**
 * Builds the AWS adapters of one run, on one ClientFactory, with one Route 53 pacer shared
 * by every Route 53 call of the run (DNS steps, the lock, a rollback); imported lazily.
 * With a fleet's `shared` budget, the pacers are the fleet's (CloudFormation and RDS
 * requests paced too), and the lock keeps its own uncombined Route 53 port.
 */
export async function awsAdapters(globals: GlobalOptions, shared?: SharedBudget) {
  const [
    { ClientFactory },
    { Route53Dns },
    { Elbv2LoadBalancers },
    { CloudFormationStacks },
    { StsIdentity },
    { ApiBudget, pacedDns, route53Pacer },
    { systemClock },
    { combiningDns },
  ] = await Promise.all([
    import('../aws/clients.js'),
    import('../aws/route53-dns.js'),
    import('../aws/elbv2-load-balancers.js'),
    import('../aws/cloudformation-stacks.js'),
    import('../aws/sts-identity.js'),
    import('../engine/pace.js'),
    import('../local/system-clock.js'),
    import('../engine/fleet/zone-batch.js'),
  ]);
  const budget = shared?.budget;
  const factory = new ClientFactory({
    ...(globals.profile ? { profile: globals.profile } : {}),
    ...(globals.endpointUrl ? { endpointUrl: globals.endpointUrl } : {}),
    // Route 53 is paced at the port (below), so a combined batch takes one turn.
    ...(budget
      ? {
          pace: (service: string, region: string) =>
            ApiBudget.paces(service) && service !== 'route53'
              ? budget.pacer(service, region).turn()
              : undefined,
        }
      : {}),
  });
  const route53 = new Route53Dns(factory);
  const pacer = budget ? budget.pacer('route53') : route53Pacer(systemClock);
  const dns = pacedDns(route53, pacer);
  return {
    /** The run's one client factory: every other adapter is built on it. */
    factory,
    dns: shared?.combineZoneBatches ? combiningDns(route53, pacer) : dns,
    /** The lock's Route 53 port: paced, never combined with other apps' changes. */
    lockDns: dns,
    loadBalancers: new Elbv2LoadBalancers(factory),
    stacks: new CloudFormationStacks(factory),
    identity: new StsIdentity(factory),
  };
}
