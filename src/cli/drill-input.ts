/**
 * The failover input, turned into a drill's: every stack renamed `<app>-drill-<id>-<stack>`
 * and tagged with the drill id, the blueprint's AppName made unique per drill (its
 * physical names, KMS aliases and bucket names derive from it and must not collide with
 * production's in the same region), the record replaced by the drill record, and the data
 * recovered into the drill's own cluster, never by switching production over.
 */
import { randomBytes } from 'node:crypto';
import type { Config } from '../config/schema.js';
import type { DrillInput } from '../engine/drill/types.js';
import type { DataInput, FailoverInput, StackInput } from '../engine/input.js';
import { stackName } from '../templates/manifest.js';
import { DATA_STACK_KEY } from './failover-input.js';

/** Six characters [a-z0-9]: short enough for AppName (16 characters at most), unique enough. */
export function newDrillId(): string {
  return [...randomBytes(6)].map((b) => 'abcdefghijklmnopqrstuvwxyz0123456789'[b % 36]).join('');
}

/** The blueprint's AppName for a drill: `^[a-z][a-z0-9-]{1,15}$`, so the app is cut to 8 characters. */
function drillAppName(app: string, drillId: string): string {
  return `${app.slice(0, 8)}-d${drillId}`;
}

function drillStackPrefix(app: string, drillId: string): string {
  return `${app}-drill-${drillId}-`;
}

export interface DrillOptions {
  config: Config;
  drillId: string;
  /** When the drill started, ISO: a stack tag, so a sweep can tell a dead drill from a running one. */
  startedAt: string;
  keep: boolean;
  /** `--rto-target` minutes; default: the config's `drill.rtoTargetMinutes`. */
  rtoTargetMinutes?: number;
}

function renameStacks(fi: FailoverInput, o: DrillOptions): (n: string) => string {
  const from = stackName(fi.app, fi.env, '');
  const to = drillStackPrefix(fi.app, o.drillId);
  return (n) => (n.startsWith(from) ? to + n.slice(from.length) : n);
}

function drillStack(s: StackInput, o: DrillOptions, rename: (n: string) => string, app: string): StackInput {
  const parametersFrom = Object.fromEntries(
    Object.entries(s.parametersFrom ?? {}).map(([k, r]) => [k, { ...r, fromStack: rename(r.fromStack) }]),
  );
  const parameters = { ...s.parameters };
  if ('AppName' in parameters) parameters.AppName = drillAppName(app, o.drillId);
  return {
    ...s,
    name: rename(s.name),
    parameters,
    parametersFrom,
    tags: { ...s.tags, 'drctl:drill': o.drillId, 'drctl:drill-started': o.startedAt },
  };
}

/** Data for the drill, and a note when it had to differ from the failover's. */
function drillData(
  fi: FailoverInput,
  o: DrillOptions,
  dataStack: string,
): { data?: DataInput; notes: string[] } {
  const d = fi.data;
  if (!d) return { notes: [] };
  const tags = { 'drctl:drill': o.drillId };
  if (d.recover.strategy !== 'global') {
    return {
      data: { stack: dataStack, recover: { ...d.recover, tags: { ...d.recover.tags, ...tags } } },
      notes: [],
    };
  }
  const source = o.config.drill.snapshotSourceClusterId;
  if (!source) {
    return {
      notes: [
        'data recovery skipped: the Global Database strategy would switch production over; set drill.snapshotSourceClusterId to restore a snapshot instead',
      ],
    };
  }
  const kmsKeyId = o.config.drill.kmsKeyIds[fi.targetRegion];
  return {
    data: {
      stack: dataStack,
      recover: {
        strategy: 'snapshot',
        sourceClusterId: source,
        sourceRegion: fi.primaryRegion,
        targetRegion: fi.targetRegion,
        copyIfMissing: true,
        ...(kmsKeyId ? { kmsKeyId } : {}),
        acceptRpo: true,
        tags,
      },
    },
    notes: [`Global Database: the drill restored the newest snapshot of ${source} instead of switching over`],
  };
}

export function toDrillInput(fi: FailoverInput, o: DrillOptions): DrillInput {
  const rename = renameStacks(fi, o);
  const waves = fi.waves.map((w) => w.map((s) => drillStack(s, o, rename, fi.app)));
  const dataStack = rename(fi.data?.stack ?? stackName(fi.app, fi.env, DATA_STACK_KEY));
  // Teardown must be able to delete the drill's cluster, restored or empty (the template defaults to true).
  for (const s of waves.flat()) if (s.name === dataStack) s.parameters.DeletionProtection = 'false';
  const { data, notes } = drillData(fi, o, dataStack);
  const dc = o.config.drill;
  const target = o.rtoTargetMinutes ?? dc.rtoTargetMinutes;
  // A drill never moves production traffic: it leaves the switch alone (no `switch` input).
  const { data: _failoverData, switch: sw, controlPlane: _cp, ...rest } = fi;
  // With controlPlane avoid, the drill record (a Route 53 record change, and reads of the
  // production record) is skipped: the drill proves the stacks, the data and the new ALB.
  const avoid = o.config.switch.controlPlane === 'avoid';
  const dns = dc.dns && !avoid;
  if (sw) {
    notes.push(
      `the ${sw.kind} switch is not drilled: a drill never moves production traffic (docs/data-plane.md)`,
    );
  }
  if (avoid && dc.dns) {
    notes.push(
      'switch.controlPlane is avoid, so the drill record was skipped (creating it is a Route 53 control-plane call): DNS was not drilled, the new ALB was proven by the pre-flip probe',
    );
  }
  return {
    drillId: o.drillId,
    failover: {
      ...rest,
      waves,
      alb: { ...fi.alb, stack: rename(fi.alb.stack) },
      record: { name: dc.record ?? fi.record.name, type: fi.record.type, routing: 'simple' },
      flags: { yes: true },
      ...(data ? { data } : {}),
    },
    dns,
    ...(avoid ? {} : { productionRecord: { name: fi.record.name, type: fi.record.type } }),
    ...(target !== undefined ? { rtoTargetMs: Math.round(target * 60_000) } : {}),
    keep: o.keep,
    keyDeletionDays: dc.keyDeletionDays,
    notes,
  };
}
