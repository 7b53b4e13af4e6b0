/**
 * Readiness checks that need one read each: identity, region, certificate, AMI, data
 * source, templates, lock. Each returns a Check value; a failed read becomes a failed
 * check saying what could not be read, never an exception, so one outage does not hide
 * the other findings.
 */

import { ECS_AMI_PARAMETER } from '../../ports/readiness.js';
import { describeDataPlan } from '../data/recover.js';
import { formatAge } from '../data/rpo.js';
import { lockKeyFor } from '../input.js';
import { describeHolder } from '../steps/lock.js';
import type { PlanPorts, PlanRequest } from './request.js';
import type { Check, CheckStatus } from './types.js';

export function check(id: string, title: string, status: CheckStatus, reason: string, fix = ''): Check {
  return { id, title, status, reason, fix };
}

/** Concludes a check whose id and title are already given. */
type Conclude = (status: CheckStatus, reason: string, fix?: string) => Check;

/** Runs a check; an error while reading becomes a failed check with the error's sentence. */
async function guarded(id: string, title: string, fn: (verdict: Conclude) => Promise<Check>): Promise<Check> {
  const verdict: Conclude = (status, reason, fix) => check(id, title, status, reason, fix);
  try {
    return await fn(verdict);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return verdict('failed', `could not be checked: ${why}`, 'fix access to the API named, then plan again');
  }
}

export function identityCheck(req: PlanRequest, ports: PlanPorts): Promise<Check> {
  return guarded('identity', 'Credentials and account', async (verdict) => {
    const me = await ports.identity.whoami(req.input.targetRegion);
    return verdict('passed', `acting as ${me.arn} in account ${me.account}`);
  });
}

export function regionCheck(req: PlanRequest, ports: PlanPorts): Promise<Check> {
  const region = req.input.targetRegion;
  return guarded('region', `Region ${region} enabled`, async (verdict) => {
    const status = await ports.regions.optInStatus(region);
    if (status === 'opt-in-not-required' || status === 'opted-in') {
      return verdict('passed', `${region} is enabled for this account (${status})`);
    }
    if (status === undefined)
      return verdict('failed', `${region} is not a region EC2 knows`, 'check the region name');
    return verdict(
      'failed',
      `${region} is not enabled for this account (${status})`,
      `enable it (aws account enable-region --region-name ${region}); it can take minutes to hours`,
    );
  });
}

export function certificateCheck(req: PlanRequest, ports: PlanPorts): Promise<Check> {
  const region = req.input.targetRegion;
  const host = req.certificateHost;
  return guarded('certificate', `ACM certificate for ${host} in ${region}`, async (verdict) => {
    const arns = await ports.certificates.issuedCovering(region, host);
    const configured = req.certificateArn;
    if (configured && !arns.includes(configured)) {
      return verdict(
        'failed',
        `the configured certificate ${configured} is not ISSUED in ${region} or does not cover ${host}`,
        `fix certificates.${region} in the config, or request a certificate for ${host} in ${region}`,
      );
    }
    const arn = configured ?? arns[0];
    if (!arn) {
      return verdict(
        'failed',
        `no ISSUED certificate in ${region} covers ${host}`,
        `request or import one in ${region} (ACM certificates are regional) and validate it before a failover`,
      );
    }
    return verdict('passed', `${arn} is ISSUED and covers ${host}`);
  });
}

export function amiCheck(req: PlanRequest, ports: PlanPorts): Promise<Check> {
  const region = req.input.targetRegion;
  const name = req.amiParameter ?? ECS_AMI_PARAMETER;
  return guarded('ami', `ECS-optimised AMI in ${region}`, async (verdict) => {
    const value = await ports.parameters.get(region, name);
    return value
      ? verdict('passed', `${name} resolves to ${value}`)
      : verdict(
          'failed',
          `${name} does not resolve in ${region}`,
          'the compute stack cannot launch instances there: pick another region or set ImageId',
        );
  });
}

export interface DataFacts {
  check: Check;
  /** Seconds of writes that could be lost; 0 when stateless, null when unknown. */
  rpoSeconds: number | null;
  rpoNote: string;
  /** What the data step would do (`use-existing`, `copy`, `switchover`...). */
  action?: string;
  /** What the data stack would receive from the recovery, as shown in the stack plan. */
  parameters: Record<string, string>;
}

export async function dataCheck(req: PlanRequest, ports: PlanPorts): Promise<DataFacts> {
  const title = 'Data source in the target region';
  const recover = req.input.data?.recover;
  if (!recover || recover.strategy === 'none') {
    const c = check('data', title, 'passed', 'no database to recover (data.strategy none)');
    return { check: c, rpoSeconds: 0, rpoNote: 'stateless: no data to lose', parameters: {} };
  }
  const facts: DataFacts = {
    check: check('data', title, 'failed', ''),
    rpoSeconds: null,
    rpoNote: 'unknown',
    parameters: {},
  };
  facts.check = await guarded('data', title, async (verdict) => {
    if (!ports.db) throw new Error('no database port wired');
    const p = await describeDataPlan(recover, { db: ports.db }, ports.clock);
    if (p.strategy === 'none') return verdict('passed', 'no database to recover');
    facts.action = p.action;
    facts.rpoSeconds = p.rpoSeconds ?? null;
    const age = facts.rpoSeconds === null ? 'unknown' : formatAge(facts.rpoSeconds);
    let what: string;
    if (p.strategy === 'snapshot') {
      what = `snapshot ${p.snapshotId ?? '(none)'} in ${p.snapshotRegion ?? '?'}, action ${p.action}, age ${age}`;
      facts.rpoNote = `age of snapshot ${p.snapshotId ?? '(none)'}`;
      facts.parameters = {
        SnapshotIdentifier: `<from data recovery: ${p.action} ${p.snapshotId ?? ''}>`.replace(' >', '>'),
        ...(p.engineVersion ? { EngineVersion: p.engineVersion } : {}),
      };
    } else {
      what = `global cluster ${p.globalStatus ?? '?'}, writer in ${p.writerRegion ?? '?'}, action ${p.action}, lag ${age}`;
      facts.rpoNote =
        p.action === 'switchover' ? 'switchover: no data loss' : 'replication lag of the secondary';
      if (recover.strategy === 'global')
        facts.parameters = {
          GlobalClusterIdentifier: recover.globalClusterId,
          ...(p.engineVersion ? { EngineVersion: p.engineVersion } : {}),
        };
    }
    return p.problems.length
      ? verdict('failed', `${what}: ${p.problems.join(' ')}`, 'see docs/data.md')
      : verdict('passed', what);
  });
  return facts;
}

export function templatesCheck(req: PlanRequest): Check {
  const p = req.templateProblems;
  return p.length === 0
    ? check('templates', 'Templates valid', 'passed', 'the built-in template checks found no problem')
    : check(
        'templates',
        'Templates valid',
        'failed',
        `${p.length} problem(s), first: ${p[0]}`,
        'run drctl templates validate for the full list',
      );
}

export function lockCheck(req: PlanRequest, ports: PlanPorts): Promise<Check> {
  const { input } = req;
  const key = lockKeyFor(input.hostedZoneId, input.record.name, input.record.type);
  return guarded('lock', 'Record lock free', async (verdict) => {
    const held = await ports.lock.read(key);
    if (!held) return verdict('passed', `nobody holds the lock ${key}`);
    return verdict(
      'failed',
      `${describeHolder(held)} holds the lock`,
      `wait for that run, or if it died: drctl failover ${input.targetRegion} --break-lock`,
    );
  });
}
