/**
 * Fleets on the virtual clock: N applications of mixed scenarios (the bench's scenario
 * files in turn) whose records live in a few hosted zones (ten apps a zone), failed over
 * three ways:
 * - `fleet`: `failoverFleet` (src/engine/fleet), one wave, every app at once, one API
 *   budget for the account (Route 53, CloudFormation and RDS pacers shared by all) and
 *   record changes of one zone combined into one batch;
 * - `independent`: N separate drctl processes started together, each with its own
 *   Route 53 pacer (what a team scripting a loop of `drctl failover &` gets);
 * - `sequential`: one after another (the sum of each app's run alone).
 * Each app is the real engine against its own timed world; they share the clock and the
 * call log, so request rates are the account's. The timed fakes do not throttle: an
 * account over Route 53's 5/s would see its calls refused and retried, so the
 * `independent` recovery time here is a lower bound.
 */

import type { EngineEvent } from '../../src/engine/events.js';
import { Expectations } from '../../src/engine/expectations.js';
import { failover } from '../../src/engine/failover.js';
import { failoverFleet } from '../../src/engine/fleet/index.js';
import { FleetBudget } from '../../src/engine/fleet/priority.js';
import { combiningDns } from '../../src/engine/fleet/zone-batch.js';
import { pacedPort } from '../../src/engine/pace.js';
import type { DnsPort } from '../../src/ports/dns.js';
import { MemoryJournal } from '../../test/fakes/memory.js';
import { RecordingSink } from '../../test/fakes/sink.js';
import { CallLog, peakInWindow } from './api-calls.js';
import { bounds } from './bounds.js';
import type { Scenario } from './scenario.js';
import { pastRuns } from './scenario-runner.js';
import { Api } from './timed-aws.js';
import { TimedRoute53 } from './timed-dns-db.js';
import { VirtualClock } from './virtual-clock.js';
import {
  APP,
  blueprint,
  createWorld,
  ENV,
  seededRandom,
  seedRecord,
  type World,
  type WorldOptions,
} from './world.js';

export type FleetMode = 'fleet' | 'independent' | 'sequential';

export const APPS_PER_ZONE = 10;

export interface FleetRun {
  apps: number;
  mode: FleetMode;
  /**
   * From the start until the last app's traffic is verified at the target, s (its run
   * then releases its lock: `endSeconds`).
   */
  rtoSeconds: number;
  /** Until the last app's run ended, s. */
  endSeconds: number;
  /** The longest critical path among the apps (each alone, nothing polled), s. */
  slowestCriticalPathSeconds: number;
  /** Most Route 53 requests of the account in any one-second window. */
  peakRoute53PerSecond: number;
  apiCalls: number;
  route53Calls: number;
  /** Apps that ended flipped (or no-op). */
  moved: number;
}

interface AppSpec {
  name: string;
  scenario: Scenario;
  zoneId: string;
  seed: number;
}

function specs(n: number, scenarios: Scenario[]): AppSpec[] {
  return Array.from({ length: n }, (_, i) => ({
    name: `app${String(i + 1).padStart(3, '0')}`,
    scenario: scenarios[i % scenarios.length]!,
    zoneId: `ZFLEET${Math.floor(i / APPS_PER_ZONE) + 1}`,
    seed: i + 1,
  }));
}

/**
 * One Route 53 port over the fleet's zones: calls go to the zone they name, change ids
 * carry their zone so GetChange finds it (each zone's fake numbers its own changes).
 */
function zoneRouter(zones: Map<string, TimedRoute53>): DnsPort {
  const of = (zoneId: string) => {
    const z = zones.get(zoneId);
    if (!z) throw new Error(`no hosted zone ${zoneId}`);
    return z;
  };
  return {
    findHostedZone: async (id) => of(id).findHostedZone(),
    listRecordSets: (zoneId, name, type) => of(zoneId).listRecordSets(zoneId, name, type),
    changeRecordSets: async (zoneId, changes, comment) => {
      const r = await of(zoneId).changeRecordSets(zoneId, changes, comment);
      return { changeId: `${zoneId}/${r.changeId}` };
    },
    getChangeStatus: (id) => {
      const [zoneId, changeId] = id.split('/') as [string, string];
      return of(zoneId).getChangeStatus(changeId);
    },
    testDnsAnswer: (zoneId, name, type) => of(zoneId).testDnsAnswer(zoneId, name, type),
  };
}

/** The fleet's hosted zones, each holding the records of its apps. */
function zonesFor(apps: AppSpec[], clock: VirtualClock, log: CallLog): Map<string, TimedRoute53> {
  const zones = new Map<string, TimedRoute53>();
  for (const a of apps) {
    if (zones.has(a.zoneId)) continue;
    const seeds = apps.filter((b) => b.zoneId === a.zoneId).map((b) => seedRecord(b.name));
    const api = new Api(clock, log, a.scenario.apiLatencyMs);
    zones.set(a.zoneId, new TimedRoute53(api, a.scenario.dns.insyncSeconds * 1000, seeds, a.zoneId));
  }
  return zones;
}

/** Per scenario, the journals of three earlier runs (of the app `shop`), computed once. */
const histories = new Map<Scenario, Promise<MemoryJournal>>();

/**
 * App `app`'s history: its scenario's earlier runs, renamed to it (its stacks and its
 * run header), as if it had been drilled like the single-app benchmark's runs.
 */
async function historyOf(a: AppSpec): Promise<MemoryJournal> {
  let past = histories.get(a.scenario);
  if (!past) {
    past = pastRuns(a.scenario, 3);
    histories.set(a.scenario, past);
  }
  const j = new MemoryJournal();
  for (const [id, entries] of (await past).runs) {
    const renamed = JSON.stringify(entries)
      .replaceAll(`"${APP}-${ENV}-`, `"${a.name}-${ENV}-`)
      .replaceAll(`deploy:${APP}-${ENV}-`, `deploy:${a.name}-${ENV}-`)
      .replaceAll(`"app":"${APP}"`, `"app":"${a.name}"`);
    j.runs.set(`${a.name}-${id}`, JSON.parse(renamed));
  }
  return j;
}

/** The apps' worlds on one clock and call log, each app's record in its zone, each with its history. */
async function worlds(
  apps: AppSpec[],
  clock: VirtualClock,
  log: CallLog,
  zones = zonesFor(apps, clock, log),
  pace?: WorldOptions['pace'],
): Promise<World[]> {
  const out: World[] = [];
  for (const a of apps) {
    out.push(
      createWorld(a.scenario, seededRandom(a.seed), {
        clock,
        log,
        app: a.name,
        runId: `fleet-${a.name}`,
        journal: await historyOf(a),
        zone: { id: a.zoneId, route53: zones.get(a.zoneId)! },
        ...(pace ? { pace } : {}),
      }),
    );
  }
  return out;
}

const outcomeOk = (kind: string) => kind === 'flipped' || kind === 'no-op';

/** The traffic is verified at the target: recovery ends here (releasing the lock is after it). */
const isVerified = (e: EngineEvent) =>
  e.code === 'phase-end' && e.data.phase === 'verify' && e.data.result === 'ok';

/** When the run's last verification passed (clock ms), 0 when none did. */
function verifiedAt(sink: RecordingSink): number {
  return Math.max(0, ...sink.events.filter(isVerified).map((e) => e.at));
}

interface ModeRun {
  /** Per app, ms from the fleet's start: its run ended, and its traffic was verified at the target. */
  ends: number[];
  recovered: number[];
  moved: number;
  log: CallLog;
}

async function runFleetMode(apps: AppSpec[]): Promise<ModeRun> {
  const clock = new VirtualClock();
  const log = new CallLog();
  const budget = new FleetBudget(clock);
  const zones = zonesFor(apps, clock, log);
  // Every app's Route 53 goes through the one combining port over all zones.
  const shared = combiningDns(zoneRouter(zones), budget.pacer('route53'));
  const list = await worlds(apps, clock, log, zones, (raw) => ({
    dns: shared,
    stacks: pacedPort(raw.stacks, budget, 'cloudformation'),
    db: pacedPort(raw.db, budget, 'rds'),
  }));
  const byName = new Map(apps.map((a, i) => [a.name, list[i]!]));
  // As `drctl fleet failover` does: each app's expected run time from its past runs orders the starts.
  const expected = new Map<string, number | undefined>();
  for (const w of list) expected.set(w.input.app, (await Expectations.learn(w.input, w.ports.journal)).run());
  const verified = new Map<string, number>();
  const started = clock.now();
  const result = await clock.run(
    failoverFleet(
      apps.map((a) => ({
        name: a.name,
        wave: 1,
        runId: `fleet-${a.name}`,
        input: byName.get(a.name)!.input,
        ...(expected.get(a.name) !== undefined ? { expectedMs: expected.get(a.name) } : {}),
      })),
      { concurrency: apps.length },
      {
        clock,
        sink: {
          emit: (e) => {
            if (e.code === 'app-event' && isVerified(e.data.event)) verified.set(e.data.app, e.data.event.at);
          },
        },
        budget,
        portsFor: (app) => byName.get(app.name)!.ports,
      },
    ),
    48 * 3_600_000,
  );
  return {
    ends: result.apps.map((r) => (r.endedAt ?? clock.now()) - started),
    recovered: result.apps.map((r) => (verified.get(r.app) ?? r.endedAt ?? clock.now()) - started),
    moved: result.apps.filter((r) => r.status === 'moved').length,
    log,
  };
}

async function runIndependent(apps: AppSpec[]): Promise<ModeRun> {
  const clock = new VirtualClock();
  const log = new CallLog();
  const list = await worlds(apps, clock, log);
  const started = clock.now();
  const one = async (w: World) => {
    const sink = new RecordingSink();
    const ok = await failover(w.input, w.ports, sink).then(
      (o) => outcomeOk(o.kind),
      () => false,
    );
    const end = clock.now() - started;
    return { end, recovered: verifiedAt(sink) - started || end, ok };
  };
  const r = await clock.run(Promise.all(list.map(one)), 48 * 3_600_000);
  return {
    ends: r.map((x) => x.end),
    recovered: r.map((x) => x.recovered),
    moved: r.filter((x) => x.ok).length,
    log,
  };
}

/** One after another: each app alone on its own clock, their times added up. */
async function runSequential(apps: AppSpec[]): Promise<ModeRun> {
  const log = new CallLog();
  let t = 0;
  let moved = 0;
  const ends: number[] = [];
  const recovered: number[] = [];
  for (const a of apps) {
    const clock = new VirtualClock();
    const own = new CallLog();
    const list = await worlds([a], clock, own);
    const w = list[0]!;
    const sink = new RecordingSink();
    const o = await clock.run(failover(w.input, w.ports, sink)).catch(() => undefined);
    if (o && outcomeOk(o.kind)) moved++;
    const took = clock.now() - Date.UTC(2026, 0, 1);
    recovered.push(t + (verifiedAt(sink) - Date.UTC(2026, 0, 1) || took));
    for (const c of own.calls) log.add(c.service, c.operation, t + c.at - Date.UTC(2026, 0, 1));
    t += took;
    ends.push(t);
  }
  return { ends, recovered, moved, log };
}

export async function runFleet(n: number, scenarios: Scenario[], mode: FleetMode): Promise<FleetRun> {
  const apps = specs(n, scenarios);
  const r =
    mode === 'fleet'
      ? await runFleetMode(apps)
      : mode === 'independent'
        ? await runIndependent(apps)
        : await runSequential(apps);
  const m = blueprint();
  const route53 = r.log.times((c) => c.service === 'route53');
  return {
    apps: n,
    mode,
    rtoSeconds: Math.max(...r.recovered) / 1000,
    endSeconds: Math.max(...r.ends) / 1000,
    slowestCriticalPathSeconds: Math.max(
      ...[...new Set(apps.map((a) => a.scenario))].map((s) => bounds(s, m).criticalPathSeconds),
    ),
    peakRoute53PerSecond: peakInWindow(route53, 1000),
    apiCalls: r.log.calls.length,
    route53Calls: route53.length,
    moved: r.moved,
  };
}
