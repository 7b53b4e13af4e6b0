/**
 * The fleet scheduler: waves in order, at most `concurrency` applications at once within a
 * wave, each application's run isolated (an error or a rollback in one is its own result,
 * never the others'). No application is rolled back because another failed: each run
 * already ends verified at the target or restored exactly (invariant 2).
 */
import { isDrctlError } from '../../errors.js';
import type { Clock } from '../../ports/clock.js';
import type { EventSink } from '../events.js';
import { withPriority } from './priority.js';
import type {
  AppOutcome,
  AppResult,
  AppStatus,
  FleetApp,
  FleetEvent,
  FleetOptions,
  FleetResult,
  FleetSink,
} from './types.js';

/** Runs one application: its engine run with its own ports, sink and the fleet's signal. */
type RunApp<A extends FleetApp> = (app: A, sink: EventSink, signal?: AbortSignal) => Promise<AppOutcome>;

export interface FleetDeps {
  clock: Clock;
  sink: FleetSink;
  /** Interrupts the fleet: running apps stop safely (as one run does), waiting apps do not start. */
  signal?: AbortSignal;
}

function statusOf(outcome: AppOutcome): AppStatus {
  switch (outcome.kind) {
    case 'flipped':
    case 'no-op':
      return 'moved';
    case 'held':
      return 'held';
    case 'rolled-back':
    case 'restored':
    case 'closed':
    case 'nothing-to-do':
      return 'rolled-back';
    default:
      return 'aborted';
  }
}

/** The waves present, ascending. */
function wavesOf(apps: readonly FleetApp[]): number[] {
  return [...new Set(apps.map((a) => a.wave))].sort((a, b) => a - b);
}

function appSink(app: string, deps: FleetDeps): EventSink {
  const { sink } = deps;
  return {
    emit: (event) => sink.emit({ code: 'app-event', at: event.at, data: { app, event } }),
    ask: async (q) => (sink.ask ? sink.ask(app, q) : q.default) as never,
  };
}

async function runOne<A extends FleetApp>(app: A, runApp: RunApp<A>, deps: FleetDeps): Promise<AppResult> {
  const { clock, sink } = deps;
  const base = {
    app: app.name,
    wave: app.wave,
    runId: app.runId,
    ...(app.journal !== undefined ? { journal: app.journal } : {}),
  };
  if (deps.signal?.aborted) {
    return {
      ...base,
      status: 'not-started',
      error: { code: 'ABORTED', message: 'the fleet was interrupted first' },
    };
  }
  const startedAt = clock.now();
  sink.emit({ code: 'app-start', at: startedAt, data: { app: app.name, wave: app.wave, runId: app.runId } });
  let result: AppResult;
  try {
    const outcome = await withPriority(app.expectedMs, () =>
      runApp(app, appSink(app.name, deps), deps.signal),
    );
    result = { ...base, status: statusOf(outcome), outcome, startedAt, endedAt: clock.now() };
  } catch (e) {
    const code = isDrctlError(e) ? e.code : 'INTERNAL';
    const message = e instanceof Error ? e.message : String(e);
    result = { ...base, status: 'failed', error: { code, message }, startedAt, endedAt: clock.now() };
  }
  sink.emit({ code: 'app-end', at: clock.now(), data: result });
  return result;
}

/**
 * The order a wave's apps start in: longest expected run first (its critical path decides
 * when the wave ends, so it must not queue behind quick apps for the shared Route 53
 * turns), unknown last; ties keep the fleet file's order.
 */
export function startOrder<A extends FleetApp>(members: readonly A[]): A[] {
  const key = (a: FleetApp) => a.expectedMs ?? Number.NEGATIVE_INFINITY;
  return members
    .map((a, i) => ({ a, i }))
    .sort((x, y) => key(y.a) - key(x.a) || x.i - y.i)
    .map((x) => x.a);
}

/** At most `limit` of `items` in flight, started in order. */
async function pool<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * Runs the fleet. Never throws for an application's failure (that is its result); throws
 * only for a fleet that cannot be run (no apps, duplicate names, concurrency below 1).
 */
export async function runFleet<A extends FleetApp>(
  apps: readonly A[],
  opts: FleetOptions,
  runApp: RunApp<A>,
  deps: FleetDeps,
): Promise<FleetResult> {
  checkFleet(apps, opts);
  const { clock, sink } = deps;
  const started = clock.now();
  const waves = wavesOf(apps);
  const emit = (e: FleetEvent) => sink.emit(e);
  emit({
    code: 'fleet-start',
    at: started,
    data: { apps: apps.length, waves, concurrency: opts.concurrency },
  });
  const results = new Map<string, AppResult>();
  let stoppedAfterWave: number | undefined;
  for (const wave of waves) {
    const members = apps.filter((a) => a.wave === wave);
    if (stoppedAfterWave !== undefined) {
      for (const a of members)
        results.set(a.name, notStarted(a, `wave ${stoppedAfterWave} did not all move`));
      continue;
    }
    emit({ code: 'wave-start', at: clock.now(), data: { wave, apps: members.map((a) => a.name) } });
    const done = await pool(startOrder(members), opts.concurrency, (a) => runOne(a, runApp, deps));
    for (const r of done) results.set(r.app, r);
    const moved = done.filter((r) => r.status === 'moved').length;
    emit({ code: 'wave-end', at: clock.now(), data: { wave, moved, of: done.length } });
    if (moved < done.length && opts.onWaveFailure === 'stop') stoppedAfterWave = wave;
  }
  const ordered = apps.map((a) => results.get(a.name) as AppResult);
  const result: FleetResult = {
    apps: ordered,
    allMoved: ordered.every((r) => r.status === 'moved'),
    ...(stoppedAfterWave !== undefined ? { stoppedAfterWave } : {}),
    interrupted: Boolean(deps.signal?.aborted),
    totalMs: clock.now() - started,
  };
  emit({ code: 'fleet-end', at: clock.now(), data: result });
  return result;
}

function notStarted(a: FleetApp, why: string): AppResult {
  return {
    app: a.name,
    wave: a.wave,
    runId: a.runId,
    ...(a.journal !== undefined ? { journal: a.journal } : {}),
    status: 'not-started',
    error: { code: 'NOT_STARTED', message: why },
  };
}

function checkFleet(apps: readonly FleetApp[], opts: FleetOptions): void {
  if (apps.length === 0) throw new RangeError('a fleet needs at least one application');
  if (!Number.isInteger(opts.concurrency) || opts.concurrency < 1)
    throw new RangeError(`fleet concurrency must be a whole number of at least 1, not ${opts.concurrency}`);
  const seen = new Set<string>();
  for (const a of apps) {
    if (seen.has(a.name)) throw new RangeError(`application ${a.name} appears twice in the fleet`);
    seen.add(a.name);
  }
}
