/**
 * Config + shipped blueprint + run-time values -> the engine's FailoverInput. Every
 * problem found here (unknown parameter, missing value, bad constraint) is a usage error
 * raised before any AWS mutation.
 */

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import type { Config } from '../config/schema.js';
import type { RecoverDataInput } from '../engine/data/types.js';
import type {
  AfterFlipPolicy,
  DataInput,
  FailoverFlags,
  FailoverInput,
  StackInput,
  SwitchInput,
} from '../engine/input.js';
import { DrctlError } from '../errors.js';
import { typesOf } from '../ports/dns.js';
import { parseTemplate } from '../templates/cfn-yaml.js';
import { locateTemplatesDir } from '../templates/locate.js';
import { loadManifest, stackName } from '../templates/manifest.js';
import { type EnvFile, loadEnvFile, loadTemplates, renderStacks, stackSources } from '../templates/render.js';

/**
 * Which blueprint outputs name the ALB. The blueprint is drctl's own, so these are
 * constants of it (the edge stack's Outputs), not user configuration.
 */
export const ALB_STACK_KEY = 'edge';
/** The blueprint stack that takes SnapshotIdentifier / GlobalClusterIdentifier. */
export const DATA_STACK_KEY = 'data';
const ALB_OUTPUTS = {
  arnOutput: 'LoadBalancerArn',
  dnsNameOutput: 'LoadBalancerDnsName',
  canonicalZoneIdOutput: 'LoadBalancerCanonicalHostedZoneId',
  targetGroupArnOutputs: ['TargetGroupArn'],
};

export interface AssembleOptions {
  config: Config;
  /** The config file's folder: relative paths in it start here. */
  configDir: string;
  env: string;
  targetRegion: string;
  runId: string;
  hostedZoneId: string;
  /** Values the blueprint takes at run time: CertificateArn, SnapshotIdentifier... */
  runtime: Record<string, string>;
  operator: { holder: string; host: string };
  flags: FailoverFlags;
  /** --accept-rpo and --allow-data-loss. Default: both false. */
  dataFlags?: { acceptRpo?: boolean; allowDataLoss?: boolean };
  /** Default: the shipped templates (or DRCTL_TEMPLATES_DIR). */
  templatesDir?: string;
  /** `--after-flip`. Default: the config's failover.afterFlip. */
  afterFlip?: AfterFlipPolicy;
  /** The hosted zone's name, for the NS lookup of a switch run. Default: `dns.hostedZone` when it is a name. */
  zoneName?: string;
}

/** The switch-mode part of the input, or undefined in records mode. */
function switchInput(o: AssembleOptions): SwitchInput | undefined {
  const { config } = o;
  const mode = config.switch.mode;
  if (mode === 'records') return undefined;
  const zoneName = o.zoneName ?? config.dns.hostedZone;
  return {
    kind: mode,
    regions: [config.primaryRegion, ...config.targetRegions],
    zoneName: zoneName.replace(/\.$/, ''),
    ...(config.verification.nameServers.length ? { nameServers: config.verification.nameServers } : {}),
    ...(config.switch.arc ? { endpointRegions: config.switch.arc.endpoints.map((e) => e.region) } : {}),
    ...(config.switch.s3Object ? { bucketRegion: config.switch.s3Object.region } : {}),
  };
}

/** Shipped env file, then the config's parameter file, then its overrides. */
function environmentParameters(
  config: Config,
  configDir: string,
  templatesDir: string,
  env: string,
): EnvFile {
  const shipped = loadEnvFile(templatesDir, env);
  const settings = config.environments[env as keyof Config['environments']];
  let fromFile: EnvFile = {};
  if (settings?.parameters) {
    const path = resolve(configDir, settings.parameters);
    const data: unknown = parse(readFileSync(path, 'utf8'));
    if (data !== null && (typeof data !== 'object' || Array.isArray(data))) {
      throw new DrctlError(
        'USAGE',
        `environments.${env}.parameters: ${path} must be a YAML mapping of parameter names to values.`,
      );
    }
    fromFile = (data ?? {}) as EnvFile;
  }
  return { ...shipped, ...fromFile, ...(settings?.overrides ?? {}) };
}

/** The config's data settings (an environment's replace the top-level ones) as the engine's input. */
function dataInput(o: AssembleOptions): DataInput | undefined {
  const { config, targetRegion } = o;
  const d = config.environments[o.env as keyof Config['environments']]?.data ?? config.data;
  const common = {
    ...(d.maxRpoMinutes !== undefined ? { maxRpoMinutes: d.maxRpoMinutes } : {}),
    acceptRpo: Boolean(o.dataFlags?.acceptRpo),
  };
  let recover: RecoverDataInput;
  if (d.strategy === 'snapshot' && d.snapshot) {
    const kmsKeyId = d.snapshot.kmsKeyIds[targetRegion];
    recover = {
      strategy: 'snapshot',
      sourceClusterId: d.snapshot.sourceClusterId,
      sourceRegion: config.primaryRegion,
      targetRegion,
      copyIfMissing: d.snapshot.copyIfMissing,
      ...(kmsKeyId ? { kmsKeyId } : {}),
      waits: { snapshotCopy: { deadlineMs: d.snapshot.copyDeadlineMinutes * 60_000 } },
      ...common,
    };
  } else if (d.strategy === 'global' && d.global) {
    const arn = d.global.targetClusterArns[targetRegion];
    recover = {
      strategy: 'global',
      globalClusterId: d.global.globalClusterId,
      targetRegion,
      allowDataLoss: Boolean(o.dataFlags?.allowDataLoss),
      ...(arn ? { targetClusterArn: arn } : {}),
      waits: { globalWriterChange: { deadlineMs: d.global.changeDeadlineMinutes * 60_000 } },
      ...common,
    };
  } else {
    return undefined;
  }
  return { recover, stack: stackName(config.app, o.env, DATA_STACK_KEY) };
}

/**
 * An AAAA alias to a load balancer without IPv6 answers no address: refused before
 * anything is deployed unless the blueprint's load balancer is dualstack. (The engine
 * checks the live load balancer again before any DNS change: steps/alb.ts.)
 */
function refuseAaaaWithoutDualstack(waves: StackInput[][], albStack: string, type: string): void {
  const stack = waves.flat().find((s) => s.name === albStack);
  if (!stack) return;
  const resources = parseTemplate(stack.templateBody, albStack).Resources ?? {};
  const lbs = Object.values(resources).filter((r) => r.Type === 'AWS::ElasticLoadBalancingV2::LoadBalancer');
  const types = lbs.map((r) => String(r.Properties?.IpAddressType ?? 'ipv4'));
  if (types.length && types.every((t) => t.startsWith('dualstack'))) return;
  throw new DrctlError(
    'USAGE',
    `dns.record.type is ${type} but the load balancer of stack ${albStack} is not dualstack (IpAddressType ${types.join(', ') || 'ipv4'}), so an AAAA alias to it would answer no address; use type A, or make the load balancer dualstack.`,
  );
}

export function assembleFailoverInput(o: AssembleOptions): FailoverInput {
  const { config } = o;
  const dir = locateTemplatesDir({ override: o.templatesDir });
  const manifest = loadManifest(dir);
  const templates = loadTemplates(dir, manifest);
  const runtime = {
    ContainerImage: config.containerImage.replaceAll('{region}', o.targetRegion),
    ...o.runtime,
  };
  const rendered = renderStacks({
    manifest,
    templates,
    app: config.app,
    env: o.env,
    envFile: environmentParameters(config, o.configDir, dir, o.env),
    region: o.targetRegion,
    runtime,
  });
  const waves: StackInput[][] = [];
  for (const stack of rendered) {
    const sources = stackSources(manifest, stack.key, templates[stack.key]!);
    const parameters: Record<string, string> = {};
    const parametersFrom: StackInput['parametersFrom'] = {};
    for (const p of stack.parameters) {
      const src = sources[p.name];
      if (p.status === 'set') parameters[p.name] = p.value!;
      else if (p.status === 'pending' && src && 'from' in src) {
        parametersFrom[p.name] = { fromStack: stackName(config.app, o.env, src.from), output: src.output };
      }
    }
    const wave = waves[stack.wave] ?? [];
    waves[stack.wave] = wave;
    wave.push({
      name: stack.stackName,
      templateBody: readFileSync(join(dir, stack.template), 'utf8'),
      parameters,
      parametersFrom,
      tags: { 'drctl:app': config.app, 'drctl:env': o.env, 'drctl:stack': stack.key },
      secretParameters: stack.parameters.filter((p) => p.secret).map((p) => p.name),
    });
  }
  const v = config.verification;
  const rec = config.dns.record;
  if (typesOf(rec.type).includes('AAAA'))
    refuseAaaaWithoutDualstack(waves, stackName(config.app, o.env, ALB_STACK_KEY), rec.type);
  const data = dataInput(o);
  const sw = switchInput(o);
  const replica = config.media?.replicaBuckets[o.targetRegion];
  const media =
    config.media && replica
      ? {
          sourceRegion: config.primaryRegion,
          sourceBucket: config.media.sourceBucket,
          targetRegion: o.targetRegion,
          replicaBucket: replica,
          maxLagMinutes: config.media.maxLagMinutes,
          ...(config.media.heartbeatKey ? { heartbeatKey: config.media.heartbeatKey } : {}),
        }
      : undefined;
  return {
    runId: o.runId,
    app: config.app,
    env: o.env,
    primaryRegion: config.primaryRegion,
    targetRegion: o.targetRegion,
    hostedZoneId: o.hostedZoneId,
    record: {
      name: rec.name,
      type: rec.type,
      routing: rec.routing,
      setIdentifiers: rec.setIdentifiers,
      weightSteps: rec.weightSteps,
    },
    waves,
    alb: { stack: stackName(config.app, o.env, ALB_STACK_KEY), ...ALB_OUTPUTS },
    minHealthyTargets: v.minHealthyTargets,
    verification: {
      hostname: rec.name.replace(/\.$/, ''),
      path: v.path,
      expectStatus: v.expectStatus,
      consecutiveSuccesses: v.consecutiveSuccesses,
      intervalMs: Math.round(v.intervalSeconds * 1000),
      timeoutMs: Math.round(v.timeoutSeconds * 1000),
      windowMs: Math.round(v.windowSeconds * 1000),
      connectTo: v.connectTo,
      ...(v.caFile ? { caFile: resolve(o.configDir, v.caFile) } : {}),
    },
    ...(data ? { data } : {}),
    ...(media ? { media } : {}),
    operator: o.operator,
    lockStaleAfterMs: config.lock.staleAfterMinutes * 60_000,
    flags: o.flags,
    afterFlip: o.afterFlip ?? config.failover.afterFlip,
    ...(sw ? { switch: sw } : {}),
    controlPlane: config.switch.controlPlane,
    lockStore:
      config.lock.store === 's3' && config.lock.s3
        ? { store: 's3', bucket: config.lock.s3.bucket, region: config.lock.s3.region }
        : { store: 'route53' },
  };
}
