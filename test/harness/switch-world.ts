/**
 * A failover world with a data-plane switch provisioned ahead of the outage, as
 * docs/data-plane.md tells an operator to: the primary ALB in ap-southeast-1, the DR
 * region's blueprint (and so its ALB) already standing in us-east-1 (pilot light), the
 * switch template deployed (templates/switch-arc.yaml in us-west-2, or
 * templates/switch-s3-object.yaml in eu-west-1, a third region), the primary's control On
 * and the DR region's Off, and an S3 lock bucket in eu-west-1. The drctl.yaml it writes
 * names the switch, the S3 lock and the emulator's DNS server as the zone's authoritative
 * name server (verification.nameServers).
 */
import { Resolver } from 'node:dns/promises';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStacksCommand,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { stringify } from 'yaml';
import { clientConfig } from './aws-clients.js';
import { deployBlueprint } from './deploy-blueprint.js';
import type { Route53ControlPlane } from './emulator.js';
import { type FailoverWorld, type FailoverWorldOptions, startFailoverWorld } from './failover-world.js';

export const SWITCH_KINDS = ['arc', 's3-object'] as const;
export type SwitchKind = (typeof SWITCH_KINDS)[number];

const PRIMARY = 'ap-southeast-1';
const TARGET = 'us-east-1';
/** ARC's configuration API (and so the ARC stack) lives in us-west-2. */
const ARC_STACK_REGION = 'us-west-2';
/** Neither the primary nor the DR region: where the switch objects and the lock live. */
export const THIRD_REGION = 'eu-west-1';
const SWITCH_STACK = 'shop-prod-switch';
const LOCK_BUCKET = 'shop-drctl-locks';

export interface SwitchWorldOptions extends Omit<FailoverWorldOptions, 'routing'> {
  switch: SwitchKind;
  /** Route 53's control plane once the world is seeded; default `up`. */
  route53ControlPlane?: Route53ControlPlane;
}

export interface SwitchWorld extends FailoverWorld {
  switchKind: SwitchKind;
  /** The DR region's ALB, from its edge stack (what the SECONDARY record aliases). */
  targetAlb: { dnsName: string; canonicalHostedZoneId: string };
  /** The switch stack's outputs. */
  switchOutputs: Record<string, string>;
  /** arc: region -> routing control ARN. */
  controls: Record<string, string>;
  /** s3-object: the bucket (in THIRD_REGION) and region -> key. */
  s3Object?: { bucket: string; region: string; keys: Record<string, string> };
}

async function createStack(
  endpoint: string,
  region: string,
  file: string,
  parameters: Record<string, string>,
): Promise<Record<string, string>> {
  const cfn = new CloudFormationClient(clientConfig(endpoint, region));
  try {
    await cfn.send(
      new CreateStackCommand({
        StackName: SWITCH_STACK,
        TemplateBody: readFileSync(join('templates', file), 'utf8'),
        Parameters: Object.entries(parameters).map(([ParameterKey, ParameterValue]) => ({
          ParameterKey,
          ParameterValue,
        })),
      }),
    );
    let stack: Stack | undefined;
    for (let i = 0; i < 1200; i++) {
      stack = (await cfn.send(new DescribeStacksCommand({ StackName: SWITCH_STACK }))).Stacks?.[0];
      if (stack && !stack.StackStatus?.endsWith('_IN_PROGRESS')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    if (stack?.StackStatus !== 'CREATE_COMPLETE')
      throw new Error(`${file} in ${region} ended ${stack?.StackStatus}: ${stack?.StackStatusReason}`);
    return Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey!, o.OutputValue!]));
  } finally {
    cfn.destroy();
  }
}

/** What the emulated zone's authoritative server answers for a name (A), asked directly. */
export async function authoritativeA(w: FailoverWorld, name = 'www.example.com'): Promise<string[]> {
  // Wide margins: the Python DNS server shares a loaded 2-core machine with the test.
  const resolver = new Resolver({ timeout: 5_000, tries: 3 });
  resolver.setServers([w.emulator.dnsServer]);
  return (await resolver.resolve4(name)).sort();
}

/** The run ids in the world's journal directory, oldest first. */
export function runIds(w: FailoverWorld): string[] {
  return readdirSync(w.journalDir)
    .filter((f) => f.endsWith('.ndjson'))
    .map((f) => f.replace(/\.ndjson$/, ''))
    .sort();
}

/** One ARC data-plane call, as the SDK sends it (awsJson1_0). */
export async function arcCall(url: string, operation: string, body: unknown): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `ToggleCustomerAPI.${operation}`,
    },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${operation} answered ${response.status}: ${JSON.stringify(answer)}`);
  return answer;
}

async function putSwitchObject(endpoint: string, bucket: string, key: string, body: 'on' | 'off') {
  const s3 = new S3Client(clientConfig(endpoint, THIRD_REGION));
  try {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'text/plain' }));
  } finally {
    s3.destroy();
  }
}

export async function startSwitchWorld(options: SwitchWorldOptions): Promise<SwitchWorld> {
  const w = await startFailoverWorld({ ...options, routing: 'failover', records: false });
  try {
    const endpoint = w.emulator.endpoint;
    const pilot = await deployBlueprint(w.world, { region: TARGET, env: 'prod', timeoutMs: 180_000 });
    if (!pilot.ok)
      throw new Error(`the pilot-light blueprint in ${TARGET} failed: ${JSON.stringify(pilot.stacks)}`);
    const edge = pilot.outputs.edge!;
    const targetAlb = {
      dnsName: edge.LoadBalancerDnsName!,
      canonicalHostedZoneId: edge.LoadBalancerCanonicalHostedZoneId!,
    };
    const pair = {
      HostedZoneId: w.world.hostedZoneId,
      RecordName: w.world.recordName,
      PrimaryRegion: PRIMARY,
      PrimaryAlbDnsName: w.world.primaryAlb.dnsName,
      PrimaryAlbHostedZoneId: w.world.primaryAlb.canonicalHostedZoneId,
      SecondaryRegion: TARGET,
      SecondaryAlbDnsName: targetAlb.dnsName,
      SecondaryAlbHostedZoneId: targetAlb.canonicalHostedZoneId,
    };
    const s3 = new S3Client(clientConfig(endpoint, THIRD_REGION));
    await s3.send(
      new CreateBucketCommand({
        Bucket: LOCK_BUCKET,
        CreateBucketConfiguration: { LocationConstraint: THIRD_REGION },
      }),
    );
    s3.destroy();

    let switchConfig: Record<string, unknown>;
    let controls: Record<string, string> = {};
    let s3Object: SwitchWorld['s3Object'];
    let switchOutputs: Record<string, string>;
    if (options.switch === 'arc') {
      switchOutputs = await createStack(endpoint, ARC_STACK_REGION, 'switch-arc.yaml', pair);
      controls = {
        [PRIMARY]: switchOutputs.PrimaryRoutingControlArn!,
        [TARGET]: switchOutputs.SecondaryRoutingControlArn!,
      };
      const arc = await w.emulator.arc();
      // A new routing control is Off: turn the primary's On, as the operator does once.
      await arcCall(arc.endpoints[0]!.Endpoint, 'UpdateRoutingControlState', {
        RoutingControlArn: controls[PRIMARY],
        RoutingControlState: 'On',
      });
      switchConfig = {
        mode: 'arc',
        controlPlane: 'avoid',
        arc: { endpoints: arc.endpoints.map((e) => ({ region: e.Region, url: e.Endpoint })), controls },
      };
    } else {
      switchOutputs = await createStack(endpoint, THIRD_REGION, 'switch-s3-object.yaml', {
        ...pair,
        // Route 53's health checkers' ranges (ip-ranges.json, ROUTE53_HEALTHCHECKS); the
        // emulator does not model caller addresses, so any fixed ranges do.
        HealthCheckerCidrs: '15.177.0.0/18,54.251.31.128/26',
      });
      const keys = { [PRIMARY]: switchOutputs.PrimaryKey!, [TARGET]: switchOutputs.SecondaryKey! };
      s3Object = { bucket: switchOutputs.SwitchBucketName!, region: THIRD_REGION, keys };
      await putSwitchObject(endpoint, s3Object.bucket, keys[PRIMARY]!, 'on');
      await putSwitchObject(endpoint, s3Object.bucket, keys[TARGET]!, 'off');
      switchConfig = { mode: 's3-object', controlPlane: 'avoid', s3Object };
    }

    const config = switchWorldConfig(w, switchConfig);
    writeFileSync(w.configPath, stringify(config));
    if (options.route53ControlPlane && options.route53ControlPlane !== 'up')
      await w.emulator.configure({ route53ControlPlane: options.route53ControlPlane });
    return { ...w, config, switchKind: options.switch, targetAlb, switchOutputs, controls, s3Object };
  } catch (e) {
    await w.stop();
    throw e;
  }
}

/** The failover world's config, narrowed to the switch's pair of regions, with the switch. */
function switchWorldConfig(w: FailoverWorld, switchConfig: Record<string, unknown>): Record<string, unknown> {
  const base = structuredClone(w.config) as {
    certificates: Record<string, unknown>;
    verification: Record<string, unknown>;
  };
  return {
    ...base,
    targetRegions: [TARGET],
    dns: {
      hostedZone: w.world.hostedZoneName,
      record: {
        name: w.world.recordName,
        type: 'A',
        routing: 'failover',
        setIdentifiers: { [PRIMARY]: PRIMARY, [TARGET]: TARGET },
      },
    },
    certificates: { [TARGET]: base.certificates[TARGET] },
    switch: switchConfig,
    lock: { store: 's3', s3: { bucket: LOCK_BUCKET, region: THIRD_REGION, prefix: 'drctl/locks/' } },
    verification: { ...base.verification, nameServers: [w.emulator.dnsServer] },
  };
}
