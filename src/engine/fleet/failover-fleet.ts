/**
 * `failoverFleet`: the fleet scheduler running each application's ordinary `failover()`,
 * on ports the caller builds per application over one shared API budget. The CLI builds
 * them on AWS (src/cli/fleet/), the benchmark on its timed fakes: both get the same waves,
 * concurrency, isolation and summary.
 */
import { failover } from '../failover.js';
import type { EnginePorts, FailoverInput } from '../input.js';
import type { ApiBudget } from '../pace.js';
import { type FleetDeps, runFleet } from './run.js';
import type { FleetApp, FleetOptions, FleetResult } from './types.js';

export interface FleetFailoverApp extends FleetApp {
  /** The application's own run input (its `flags.yes` set: the fleet confirmed once). */
  input: FailoverInput;
}

export interface FleetFailoverDeps extends FleetDeps {
  /** Shared by every application: one pacer per account, service and region. */
  budget: ApiBudget;
  /**
   * One application's ports, built on `budget` (its Route 53 port paced by
   * `budget.pacer('route53')`, or `combiningDns` over it; CloudFormation and RDS likewise).
   * Called when the application starts, so a wave not reached builds nothing.
   */
  portsFor(app: FleetFailoverApp, budget: ApiBudget): EnginePorts | Promise<EnginePorts>;
}

export function failoverFleet(
  apps: readonly FleetFailoverApp[],
  opts: FleetOptions,
  deps: FleetFailoverDeps,
): Promise<FleetResult> {
  return runFleet(
    apps,
    opts,
    async (app, sink, signal) => failover(app.input, await deps.portsFor(app, deps.budget), sink, signal),
    deps,
  );
}
