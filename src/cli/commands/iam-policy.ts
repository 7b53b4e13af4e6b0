/**
 * `drctl iam-policy`: the least-privilege IAM policy an operator role needs, built offline
 * from the config (app, record, zone, buckets) for the commands the role will run. Prints
 * the policy document as JSON, ready for `aws iam create-policy --policy-document`.
 */

import type { Config } from '../../config/schema.js';
import { DrctlError } from '../../errors.js';
import type { PolicyInput } from '../../iam/policy.js';
import type { Context } from '../context.js';

export interface IamPolicyOptions {
  /** Comma-separated commands; default every command that calls AWS. */
  commands?: string;
  /** The hosted zone id, when the config names the zone by name. */
  zoneId?: string;
}

export async function iamPolicyCommand(ctx: Context, opts: IamPolicyOptions): Promise<number> {
  const { config } = await ctx.loadConfig();
  const { buildPolicy } = await import('../../iam/policy.js');
  const { POLICY_COMMANDS } = await import('../../iam/commands.js');
  const wanted = opts.commands ? opts.commands.split(',').map((c) => c.trim()) : POLICY_COMMANDS;
  const unknown = wanted.filter((c) => !(POLICY_COMMANDS as string[]).includes(c));
  if (unknown.length) {
    throw new DrctlError(
      'USAGE',
      `--commands ${unknown.join(', ')} is not a command that calls AWS; use some of ${POLICY_COMMANDS.join(', ')}.`,
    );
  }
  if (opts.zoneId !== undefined && !/^Z[A-Z0-9]{1,32}$/.test(opts.zoneId)) {
    throw new DrctlError(
      'USAGE',
      `--zone-id ${opts.zoneId} is not a hosted zone id (Z followed by letters and digits).`,
    );
  }
  const zoneFromConfig = /^(\/hostedzone\/)?(Z[A-Z0-9]+)$/.exec(config.dns.hostedZone)?.[2];
  const zone = opts.zoneId ?? zoneFromConfig;
  const media = config.media
    ? [config.media.sourceBucket, ...Object.values(config.media.replicaBuckets)]
    : [];
  const policy = buildPolicy({
    app: config.app,
    commands: wanted as typeof POLICY_COMMANDS,
    recordName: config.dns.record.name,
    recordType: config.dns.record.type,
    ...(config.drill?.record ? { drillRecordName: config.drill.record } : {}),
    ...(zone ? { hostedZoneId: zone } : {}),
    ...(media.length ? { mediaBuckets: media } : {}),
    ...(config.journal.s3 ? { journalS3: config.journal.s3 } : {}),
    ...(config.data.global ? { globalClusterId: config.data.global.globalClusterId } : {}),
    ...dataPlaneScope(config),
  });
  ctx.io.out(JSON.stringify(policy, null, 2));
  if (!zone && !ctx.globals.json) {
    ctx.io.err(
      `Note: the config names the zone ${config.dns.hostedZone}, not its id; pass --zone-id to scope record changes to it.`,
    );
  }
  return 0;
}

/** The switch and lock the config uses, and their resources (docs/data-plane.md). */
function dataPlaneScope(config: Config): Partial<PolicyInput> {
  const { arc, s3Object } = config.switch;
  return {
    switchMode: config.switch.mode,
    lockStore: config.lock.store,
    ...(arc ? { routingControls: Object.values(arc.controls) } : {}),
    ...(s3Object
      ? { switchObjects: Object.values(s3Object.keys).map((k) => `${s3Object.bucket}/${k}`) }
      : {}),
    ...(config.lock.s3 ? { lockS3: { bucket: config.lock.s3.bucket, prefix: config.lock.s3.prefix } } : {}),
  };
}
