/**
 * What every `drctl fleet` command shares: read the fleet file and every app config and
 * check them against the region (no AWS call), give each app a Context of its own config,
 * build the fleet's shared adapters on one API budget, and map a fleet's result to an
 * exit code.
 */
import { environmentList, isEnvName } from '../../config/environments.js';
import type { LoadedFleet } from '../../config/fleet.js';
import { DrctlError } from '../../errors.js';
import { type Context, createContext } from '../context.js';
import { journalDir } from '../run-setup.js';

export interface FleetOptions {
  /** The fleet file. Default ./fleet.yaml. */
  fleet?: string;
  yes?: boolean;
  /** Over the fleet file's concurrency. */
  concurrency?: string;
  /** Over the fleet file's onWaveFailure. */
  onWaveFailure?: 'continue' | 'stop';
}

const DEFAULT_FLEET_FILE = './fleet.yaml';

/** Loads the fleet and checks every app can go to `region`; one sentence on the first problem. */
export async function loadFleetFor(region: string, opts: FleetOptions): Promise<LoadedFleet> {
  const { loadFleet } = await import('../../config/fleet.js');
  const f = await loadFleet(opts.fleet ?? DEFAULT_FLEET_FILE);
  for (const m of f.members) {
    const c = m.loaded.config;
    if (region !== c.primaryRegion && !c.targetRegions.includes(region)) {
      throw new DrctlError(
        'USAGE',
        `${region} is not one of app ${m.name}'s regions (primary ${c.primaryRegion}, targets ${c.targetRegions.join(', ')}); add it to targetRegions in ${m.loaded.path}, or leave the app out of the fleet.`,
      );
    }
    if (!isEnvName(m.env))
      throw new DrctlError(
        'USAGE',
        `app ${m.name}: env ${m.env} is not an environment; use ${environmentList('or')}.`,
      );
  }
  if (opts.concurrency !== undefined) {
    const n = Number(opts.concurrency);
    if (!Number.isInteger(n) || n < 1 || n > 200)
      throw new DrctlError('USAGE', `--concurrency ${opts.concurrency} is not a whole number from 1 to 200.`);
    f.fleet.concurrency = n;
  }
  if (opts.onWaveFailure) f.fleet.onWaveFailure = opts.onWaveFailure;
  return f;
}

/** A Context whose config is the app's own, so single-app helpers work unchanged. */
export function appContext(ctx: Context, m: LoadedFleet['members'][number]): Context {
  const c = createContext({ ...ctx.globals, config: m.loaded.path }, ctx.io);
  c.loadConfig = async () => m.loaded;
  return c;
}

export function appJournalDir(m: LoadedFleet['members'][number]): string {
  return journalDir(m.loaded);
}

/** The fleet's adapters: one client factory, one API budget for every app. */
export async function fleetAdapters(ctx: Context, f: LoadedFleet) {
  const [{ awsAdapters }, { FleetBudget }, { systemClock }] = await Promise.all([
    import('../context.js'),
    import('../../engine/fleet/priority.js'),
    import('../../local/system-clock.js'),
  ]);
  const b = f.fleet.budget;
  const interval = (perSecond?: number) => (perSecond ? Math.ceil(1000 / perSecond) : undefined);
  const intervals = Object.fromEntries(
    Object.entries({
      route53: interval(b.route53PerSecond),
      cloudformation: interval(b.cloudformationPerSecond),
      rds: interval(b.rdsPerSecond),
    }).filter(([, v]) => v !== undefined),
  );
  // Route 53 turns go to the apps expected to take longest first (src/engine/fleet/priority.ts).
  const budget = new FleetBudget(systemClock, intervals);
  return awsAdapters(ctx.globals, { budget, combineZoneBatches: f.fleet.combineZoneBatches });
}
