/**
 * The fleet file: which application configs fail over together, in which waves, how many
 * at once, and whether record changes in a shared hosted zone may go out as one batch.
 * Every problem is one sentence naming the file and the field, raised before any AWS call.
 *
 *   concurrency: 4
 *   onWaveFailure: continue      # or stop: a wave not all moved keeps later waves back
 *   combineZoneBatches: true
 *   apps:
 *     - {config: ./shop/drctl.yaml, wave: 1}
 *     - {config: ./blog/drctl.yaml, wave: 2}
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { WAVE_FAILURE_POLICIES } from '../engine/fleet/types.js';
import { DrctlError, ValidationError } from '../errors.js';
import { type LoadedConfig, loadConfig } from './load.js';
import { describeIssue } from './messages.js';

/** Applications at once when the fleet file does not say. */
const DEFAULT_FLEET_CONCURRENCY = 4;

const perSecond = z.number().positive().max(1000);

const fleetSchema = z.strictObject({
  /** Application configs (drctl.yaml), relative to the fleet file. */
  apps: z
    .array(
      z.strictObject({
        /** Path of the application's drctl.yaml. */
        config: z.string().min(1),
        /** Priority: 1 first. Default 1. */
        wave: z.number().int().min(1).default(1),
        /** Environment to fail over. Default: the config's defaultEnvironment. */
        env: z.string().min(1).optional(),
      }),
    )
    .min(1),
  /** Applications running at once within a wave. Default 4. */
  concurrency: z.number().int().min(1).max(200).default(DEFAULT_FLEET_CONCURRENCY),
  /** What an application not moved in a wave does to later waves. Default continue. */
  onWaveFailure: z.enum(WAVE_FAILURE_POLICIES).default('continue'),
  /** Send waiting record changes of one hosted zone as one atomic batch. Default false. */
  combineZoneBatches: z.boolean().default(false),
  /** Over drctl's request rates (requests/second per account; CloudFormation and RDS per region). */
  budget: z
    .strictObject({
      route53PerSecond: perSecond.max(5).optional(),
      cloudformationPerSecond: perSecond.optional(),
      rdsPerSecond: perSecond.max(12).optional(),
    })
    .default({}),
});

type FleetFile = z.infer<typeof fleetSchema>;

interface FleetMember {
  /** The config's `app`: the name in progress lines and the summary. */
  name: string;
  wave: number;
  env: string;
  loaded: LoadedConfig;
}

export interface LoadedFleet {
  fleet: FleetFile;
  path: string;
  members: FleetMember[];
}

function parseFleetText(text: string, label: string): FleetFile {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) {
    const line = doc.errors[0]?.linePos?.[0]?.line;
    throw new ValidationError([`${label} is not valid YAML${line ? ` at line ${line}` : ''}.`], 'fleet file');
  }
  const data = doc.toJS({ maxAliasCount: 100 }) as unknown;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ValidationError(
      [
        `${label} must be a mapping with an apps: list (for example \`apps: [{config: ./shop/drctl.yaml, wave: 1}]\`).`,
      ],
      'fleet file',
    );
  }
  const parsed = fleetSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    throw new ValidationError(
      parsed.error.issues.map((i) => `${label}: ${describeIssue(i)}`),
      'fleet file',
    );
  }
  return parsed.data;
}

/** Reads the fleet file and every application config it lists; nothing touches AWS. */
export async function loadFleet(path: string): Promise<LoadedFleet> {
  const abs = resolve(path);
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DrctlError(
      'CONFIG_NOT_FOUND',
      code === 'ENOENT'
        ? `No fleet file at ${path}; write one listing the apps (apps: [{config: ./shop/drctl.yaml, wave: 1}]).`
        : `Cannot read the fleet file ${path} (${code ?? String(e)}).`,
    );
  }
  const fleet = parseFleetText(text, path);
  const dir = dirname(abs);
  const members: FleetMember[] = [];
  for (const [i, a] of fleet.apps.entries()) {
    const loaded = await loadConfig(resolve(dir, a.config)).catch((e: unknown) => {
      const why =
        e instanceof ValidationError ? e.problems.join(' ') : e instanceof Error ? e.message : String(e);
      throw new DrctlError('CONFIG_INVALID', `${path}: apps[${i}] (${a.config}): ${why}`, { source: 'user' });
    });
    members.push({
      name: loaded.config.app,
      wave: a.wave,
      env: a.env ?? loaded.config.defaultEnvironment,
      loaded,
    });
  }
  checkDistinct(path, members);
  return { fleet, path: abs, members };
}

/** Two entries for one app, or two apps moving one record, would fight over one lock. */
function checkDistinct(path: string, members: FleetMember[]): void {
  const names = new Map<string, number>();
  const records = new Map<string, string>();
  for (const m of members) {
    if (names.has(m.name)) throw new DrctlError('USAGE', `${path}: app ${m.name} is listed twice.`);
    names.set(m.name, 1);
    const r = m.loaded.config.dns.record;
    const rec = `${m.loaded.config.dns.hostedZone}/${r.name.toLowerCase().replace(/\.$/, '')}/${r.type}`;
    const other = records.get(rec);
    if (other)
      throw new DrctlError(
        'USAGE',
        `${path}: apps ${other} and ${m.name} both move ${r.name} ${r.type}; one record belongs to one app.`,
      );
    records.set(rec, m.name);
  }
}
