/**
 * `drctl fleet failover <region>`: every app of the fleet file, in waves, a few at a time,
 * each an ordinary failover with its own journal and lock, all on one API budget. One
 * confirmation for the fleet (or --yes); Ctrl-C stops every running app safely.
 */
import type { LoadedFleet } from '../../config/fleet.js';
import type { FleetApp, FleetResult } from '../../engine/fleet/index.js';
import type { FailoverInput } from '../../engine/input.js';
import { DrctlError, ExitCode, exitCodeOf } from '../../errors.js';
import type { Context } from '../context.js';
import type { PreparedRun } from '../run-setup.js';
import { appContext, type FleetOptions, fleetAdapters, loadFleetFor } from './setup.js';

interface Prepared extends FleetApp {
  input?: FailoverInput;
  run?: PreparedRun;
  /** Why it could not be prepared (an AWS read failed): it ends `failed` without running. */
  problem?: unknown;
}

export async function fleetFailoverCommand(
  ctx: Context,
  region: string,
  opts: FleetOptions,
): Promise<number> {
  const f = await loadFleetFor(region, opts);
  const { checkCanConfirm } = await import('../run-setup.js');
  checkCanConfirm(ctx, { yes: Boolean(opts.yes) }, 'fleet failover');
  const aws = await fleetAdapters(ctx, f);
  try {
    const apps = await prepareAll(ctx, f, region, aws);
    return await runPrepared(ctx, f, region, apps, Boolean(opts.yes));
  } finally {
    aws.factory.destroy();
  }
}

/**
 * Resolves each app's zone and certificate and assembles its input (reads only). Bad input
 * in any app (a usage error) refuses the whole fleet before any change; an app whose
 * reads fail is carried as failed, and the others go on.
 */
async function prepareAll(
  ctx: Context,
  f: LoadedFleet,
  region: string,
  aws: Awaited<ReturnType<typeof fleetAdapters>>,
): Promise<Prepared[]> {
  const [{ prepareRun }, { newRunId }, { Expectations }] = await Promise.all([
    import('../run-setup.js'),
    import('../run-id.js'),
    import('../../engine/expectations.js'),
  ]);
  const ids = new Set<string>();
  const out: Prepared[] = [];
  for (const m of f.members) {
    let runId = newRunId(region);
    while (ids.has(runId)) runId = newRunId(region);
    ids.add(runId);
    const base = { name: m.name, wave: m.wave, runId };
    try {
      const run = await prepareRun(appContext(ctx, m), m.loaded, {
        targetRegion: region,
        env: m.env,
        runId,
        flags: { yes: true },
        aws,
      });
      run.presenter.stop();
      // Its past runs' length: the longest start first and take Route 53 turns first.
      const expectedMs = (await Expectations.learn(run.input, run.wired.ports.journal)).run();
      out.push({
        ...base,
        journal: run.wired.ports.journal.locate(runId),
        input: run.input,
        run,
        ...(expectedMs !== undefined ? { expectedMs } : {}),
      });
    } catch (e) {
      if (exitCodeOf(e) === ExitCode.Usage) {
        const msg = e instanceof Error ? e.message : String(e);
        throw new DrctlError('USAGE', `app ${m.name}: ${msg}`, { source: 'user', cause: e });
      }
      out.push({ ...base, problem: e });
    }
  }
  return out;
}

async function runPrepared(
  ctx: Context,
  f: LoadedFleet,
  region: string,
  apps: Prepared[],
  yes: boolean,
): Promise<number> {
  const [
    { runFleet },
    { withInterrupts, presenterInterrupts },
    { choosePresenter },
    present,
    { saveManualBatch },
  ] = await Promise.all([
    import('../../engine/fleet/index.js'),
    import('../signals.js'),
    import('../presenters/sinks.js'),
    import('./present.js'),
    import('../manual-batch.js'),
  ]);
  const { failover } = await import('../../engine/index.js');
  const asker = await choosePresenter(ctx.io, ctx.globals.json);
  const sink = ctx.globals.json ? present.fleetNdjson(ctx.io) : present.fleetLines(ctx.io);
  const { systemClock } = await import('../../local/system-clock.js');
  const result = await withInterrupts(
    ctx.io,
    `fleet-${region}`,
    async (signal): Promise<FleetResult | undefined> => {
      if (!yes && !(await confirmFleet(asker, apps, region))) return undefined;
      return runFleet(
        apps,
        { concurrency: f.fleet.concurrency, onWaveFailure: f.fleet.onWaveFailure },
        async (app, appSink, sig) => {
          if (app.problem !== undefined || !app.run || !app.input) throw app.problem;
          try {
            return await failover(app.input, app.run.wired.ports, appSink, sig);
          } catch (e) {
            saveManualBatch(e, app.run.journalDir, (m) => ctx.io.err(`warning: [${app.name}] ${m}`));
            throw e;
          }
        },
        { clock: systemClock, sink, signal },
      );
    },
    {
      ...presenterInterrupts(asker),
      describe: { stopping: `the fleet's running apps`, clearWith: `drctl fleet rollback ${region} --yes` },
    },
  );
  asker.stop();
  if (!result) {
    ctx.io.err('Not confirmed: no app was changed.');
    return ExitCode.Aborted;
  }
  const configs = new Map(f.members.map((m) => [m.name, m.loaded.path]));
  return (await import('./finish.js')).finishFleet(ctx, result, region, configs);
}

async function confirmFleet(
  asker: import('../presenters/sinks.js').Presenter,
  apps: Prepared[],
  region: string,
): Promise<boolean> {
  const typed = await asker.ask({
    kind: 'type-to-confirm',
    id: 'confirm-fleet',
    message: `Fail over ${apps.length} app(s) to ${region} (${apps.map((a) => `${a.name} wave ${a.wave}`).join(', ')}); each moves its record once its new region is proven. Type the target region to confirm`,
    expected: region,
    default: '',
  });
  return typed.trim() === region;
}
