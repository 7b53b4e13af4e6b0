/**
 * Wiring for `drctl plan`: the hosted zone (without it nothing can be checked), the
 * certificate looked up softly (a missing one is a failed check, not an error), the
 * built-in template checks, the failover input exactly as `failover` assembles it, and
 * read-only adapters for every port plan uses.
 */
import type { LoadedConfig } from '../../config/load.js';
import { type PlanPorts, type PlanRequest, placeholderCertificateArn } from '../../engine/plan/index.js';
import type { Context } from '../context.js';
import type { AwsAdapters } from '../engine-ports.js';
import { hostedZone, journalDir, operator } from '../run-setup.js';

export interface PlanSetupOptions {
  targetRegion: string;
  env: string;
  /** Default: false. */
  force?: boolean;
  /** Default: false. */
  changeSets?: boolean;
}

export interface PreparedPlan {
  request: PlanRequest;
  ports: PlanPorts;
  close(): void;
}

async function adapters(aws: AwsAdapters, loaded: LoadedConfig, zoneId: string) {
  const { config } = loaded;
  const [acm, ec2, ssm, review, lock, rds, { FileJournal }, { systemClock }, { wireDataPlane }] =
    await Promise.all([
      import('../../aws/acm-certificates.js'),
      import('../../aws/ec2-regions.js'),
      import('../../aws/ssm-parameters.js'),
      import('../../aws/cloudformation-review.js'),
      import('../../aws/route53-lock.js'),
      import('../../aws/rds-database.js'),
      import('../../local/file-journal.js'),
      import('../../local/system-clock.js'),
      import('../data-plane-ports.js'),
    ]);
  // The configured lock store and switch, read only: with controlPlane avoid, plan too stays off Route 53's control plane.
  const plane =
    config.switch.mode !== 'records' || config.lock.store !== 'route53'
      ? await wireDataPlane(aws.factory, config)
      : undefined;
  const ports: PlanPorts = {
    identity: aws.identity,
    dns: aws.dns,
    stacks: aws.stacks,
    lbs: aws.loadBalancers,
    lock: plane?.lock ?? new lock.Route53Lock(aws.dns, zoneId),
    ...(plane?.trafficSwitch ? { switch: plane.trafficSwitch } : {}),
    journal: new FileJournal(journalDir(loaded)),
    clock: systemClock,
    regions: new ec2.Ec2Regions(aws.factory),
    certificates: new acm.AcmCertificates(aws.factory),
    parameters: new ssm.SsmParameters(aws.factory),
    review: new review.CloudFormationReview(aws.factory),
    db: new rds.RdsDatabase(aws.factory),
  };
  return { ports, close: () => aws.factory.destroy() };
}

export async function preparePlan(
  ctx: Context,
  loaded: LoadedConfig,
  o: PlanSetupOptions,
): Promise<PreparedPlan> {
  const { config } = loaded;
  const [{ awsAdapters }, { assembleFailoverInput }, { templatesValidate }, { newRunId }] = await Promise.all(
    [
      import('../context.js'),
      import('../failover-input.js'),
      import('../../templates/operations.js'),
      import('../run-id.js'),
    ],
  );
  const aws = await awsAdapters(ctx.globals);
  const configuredZone = await hostedZone(aws, config).catch((e) => {
    aws.factory.destroy();
    throw e;
  });
  const zone = { id: configuredZone.id, name: configuredZone.name ?? configuredZone.id };
  const wired = await adapters(aws, loaded, zone.id);
  try {
    const cert = config.certificates[o.targetRegion];
    const configured = typeof cert === 'string' ? cert : undefined;
    const host = (typeof cert === 'object' ? cert.domain : undefined) ?? config.dns.record.name;
    const found =
      configured ?? (await wired.ports.certificates.issuedCovering(o.targetRegion, host).catch(() => []))[0];
    const runId = newRunId(o.targetRegion);
    const input = assembleFailoverInput({
      config,
      configDir: loaded.dir,
      env: o.env,
      targetRegion: o.targetRegion,
      runId,
      hostedZoneId: zone.id,
      zoneName: zone.name,
      // The certificate check reports a missing one; the placeholder lets everything else be planned.
      runtime: { CertificateArn: found ?? placeholderCertificateArn(o.targetRegion) },
      operator: operator(),
      flags: { force: Boolean(o.force) },
    });
    const { problems } = await templatesValidate({ lint: false });
    const request: PlanRequest = {
      input,
      zone: { id: zone.id, name: zone.name },
      ...(configured ? { certificateArn: configured } : {}),
      certificateHost: host.replace(/\.$/, ''),
      templateProblems: problems,
      changeSets: Boolean(o.changeSets),
      planId: runId,
    };
    return { request, ports: wired.ports, close: wired.close };
  } catch (e) {
    wired.close();
    throw e;
  }
}
