/**
 * `drctl fleet resume <region>` and `drctl fleet rollback <region>`: the single-app
 * `resume` / `rollback` over each app whose newest run to the region is unfinished (resume)
 * or may have moved DNS (rollback), in the fleet's waves and concurrency, on one API
 * budget. Apps with nothing to do are listed, not run.
 */
import type { LoadedFleet } from '../../config/fleet.js';
import type { EventSink } from '../../engine/events.js';
import type { AppOutcome, FleetApp, FleetResult } from '../../engine/fleet/index.js';
import { ExitCode } from '../../errors.js';
import type { Context } from '../context.js';
import { type AppRun, isUnfinished, latestRuns, toRollBack } from './journals.js';
import { appContext, appJournalDir, type FleetOptions, fleetAdapters, loadFleetFor } from './setup.js';

type Mode = 'resume' | 'rollback';

interface UndoApp extends FleetApp {
  appRun: AppRun;
}

export async function fleetResumeCommand(ctx: Context, region: string, opts: FleetOptions): Promise<number> {
  return undo(ctx, region, opts, 'resume');
}

export async function fleetRollbackCommand(
  ctx: Context,
  region: string,
  opts: FleetOptions,
): Promise<number> {
  return undo(ctx, region, opts, 'rollback');
}

async function undo(ctx: Context, region: string, opts: FleetOptions, mode: Mode): Promise<number> {
  const f = await loadFleetFor(region, opts);
  const { checkCanConfirm } = await import('../run-setup.js');
  checkCanConfirm(ctx, { yes: Boolean(opts.yes) }, `fleet ${mode}`);
  const runs = await latestRuns(f, region);
  const pick = mode === 'resume' ? isUnfinished : toRollBack;
  const chosen = runs.filter(pick);
  for (const a of runs.filter((r) => !pick(r))) {
    const why = a.run
      ? `its newest run ${a.run.runId} ended ${a.run.outcome}`
      : `no failover run to ${region}`;
    ctx.io.err(`[${a.member.name}] nothing to ${mode}: ${why}`);
  }
  if (chosen.length === 0) {
    ctx.io.err(`No app of the fleet has a run to ${mode}.`);
    return ExitCode.Success;
  }
  const apps: UndoApp[] = chosen.map((a) => ({
    name: a.member.name,
    wave: a.member.wave,
    runId: a.run!.runId,
    ...(a.location ? { journal: a.location } : {}),
    appRun: a,
  }));
  const aws = await fleetAdapters(ctx, f);
  try {
    const result = await runUndo(ctx, f, region, apps, mode, Boolean(opts.yes), aws);
    if (!result) {
      ctx.io.err('Not confirmed: no app was changed.');
      return ExitCode.Aborted;
    }
    const configs = new Map(f.members.map((m) => [m.name, m.loaded.path]));
    return (await import('./finish.js')).finishFleet(ctx, result, region, configs, mode);
  } finally {
    aws.factory.destroy();
  }
}

async function runUndo(
  ctx: Context,
  f: LoadedFleet,
  region: string,
  apps: UndoApp[],
  mode: Mode,
  yes: boolean,
  aws: Awaited<ReturnType<typeof fleetAdapters>>,
): Promise<FleetResult | undefined> {
  const [{ runFleet }, engine, { withInterrupts, presenterInterrupts }, { choosePresenter }, present, setup] =
    await Promise.all([
      import('../../engine/fleet/index.js'),
      import('../../engine/index.js'),
      import('../signals.js'),
      import('../presenters/sinks.js'),
      import('./present.js'),
      import('../run-setup.js'),
    ]);
  const { systemClock } = await import('../../local/system-clock.js');
  const { wireEnginePorts } = await import('../engine-ports.js');
  const asker = await choosePresenter(ctx.io, ctx.globals.json);
  const sink = ctx.globals.json ? present.fleetNdjson(ctx.io) : present.fleetLines(ctx.io);
  const runOne = async (app: UndoApp, appSink: EventSink, signal?: AbortSignal): Promise<AppOutcome> => {
    const m = app.appRun.member;
    const header = app.appRun.state!.header!;
    if (mode === 'rollback') {
      const wired = await wireEnginePorts(
        aws,
        { dir: appJournalDir(m), warn: (w) => ctx.io.err(`warning: [${m.name}] ${w}`) },
        header.hostedZoneId,
      );
      return engine.rollbackRun(app.runId, wired.ports, appSink, {
        operator: setup.operator(),
        yes: true,
        ...(signal ? { signal } : {}),
      });
    }
    const run = await setup.prepareRun(appContext(ctx, m), m.loaded, {
      targetRegion: header.to,
      env: header.env,
      runId: app.runId,
      flags: { yes: true },
      aws,
    });
    run.presenter.stop();
    return engine.resumeRun(app.runId, run.input, run.wired.ports, appSink, signal);
  };
  const result = await withInterrupts(
    ctx.io,
    `fleet-${region}`,
    async (signal) => {
      if (!yes) {
        const typed = await asker.ask({
          kind: 'type-to-confirm',
          id: `confirm-fleet-${mode}`,
          message: `${mode === 'resume' ? 'Resume' : 'Roll back'} ${apps.length} app(s) (${apps.map((a) => `${a.name} run ${a.runId}`).join(', ')}). Type ${region} to confirm`,
          expected: region,
          default: '',
        });
        if (typed.trim() !== region) return undefined;
      }
      return runFleet(
        apps,
        {
          concurrency: f.fleet.concurrency,
          onWaveFailure: mode === 'resume' ? f.fleet.onWaveFailure : 'continue',
        },
        runOne,
        { clock: systemClock, sink, signal },
      );
    },
    {
      ...presenterInterrupts(asker),
      describe: { stopping: `the fleet's running apps`, clearWith: `drctl fleet rollback ${region} --yes` },
    },
  );
  asker.stop();
  return result;
}
