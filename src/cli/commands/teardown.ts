/**
 * `drctl teardown <region>`: delete drctl's stacks from a region that no longer serves
 * traffic (after a failover, or after a declined or finished one). Refused (exit 2) while
 * the record serves from it; asks for the typed region on a terminal, else needs --yes;
 * `--dry-run` lists what would be deleted and what the blueprint retains.
 */

import type { TeardownOutcome } from '../../engine/teardown-region.js';
import { DrctlError, ExitCode } from '../../errors.js';
import type { Context } from '../context.js';
import type { Io } from '../io.js';
import { newRunId } from '../run-id.js';
import {
  checkCanConfirm,
  checkEnv,
  checkTarget,
  operator,
  showResult,
  wireOnConfigZone,
} from '../run-setup.js';

export interface TeardownOptions {
  env?: string;
  yes?: boolean;
  dryRun?: boolean;
}

export async function teardownCommand(ctx: Context, region: string, opts: TeardownOptions): Promise<number> {
  const loaded = await ctx.loadConfig();
  const { config } = loaded;
  const env = opts.env ?? config.defaultEnvironment;
  checkTarget(config, region);
  checkEnv(env);
  if (config.switch.mode !== 'records') {
    // The switch's failover records alias every region's ALB, ahead of any outage
    // (docs/data-plane.md): deleting one would leave the switch pointing at nothing.
    throw new DrctlError(
      'REFUSED',
      `switch.mode is ${config.switch.mode}, whose provisioned failover records point at ${region}'s load balancer, so drctl teardown would break the switch; remove ${region} from the switch stack and the config first.`,
    );
  }
  if (!opts.dryRun) checkCanConfirm(ctx, { yes: Boolean(opts.yes) }, 'teardown');
  const [
    { teardownRegion },
    { locateTemplatesDir },
    { loadManifest, stackName, stackWaves },
    { AwsDrillCleanup },
  ] = await Promise.all([
    import('../../engine/teardown-region.js'),
    import('../../templates/locate.js'),
    import('../../templates/manifest.js'),
    import('../../aws/drill-cleanup.js'),
  ]);
  const manifest = loadManifest(locateTemplatesDir({}));
  const waves = stackWaves(manifest).map((w) => w.map((key) => stackName(config.app, env, key)));
  const { zoneId, wired, presenter } = await wireOnConfigZone(ctx, loaded);
  try {
    const cleanup = new AwsDrillCleanup(wired.factory);
    const rec = config.dns.record;
    const outcome = await teardownRegion(
      {
        runId: newRunId(region),
        app: config.app,
        env,
        region,
        hostedZoneId: zoneId,
        record: { name: rec.name, type: rec.type, routing: rec.routing, setIdentifiers: rec.setIdentifiers },
        waves,
        operator: operator(),
        dryRun: Boolean(opts.dryRun),
        yes: Boolean(opts.yes),
      },
      { ...wired.ports, stackResources: (r, s) => cleanup.stackResources(r, s) },
      presenter,
    );
    const code = outcome.kind === 'aborted' ? ExitCode.Aborted : ExitCode.Success;
    return showResult(ctx, presenter, 'outcome', outcome, code, renderTeardown);
  } finally {
    presenter.stop();
    wired.close();
  }
}

function renderTeardown(o: TeardownOutcome, io: Io): void {
  if (o.kind === 'nothing-to-do') {
    io.out(`Nothing to tear down: ${o.reason}.`);
    return;
  }
  if (o.kind === 'aborted') {
    io.out('Aborted: the confirmation was declined. Nothing was deleted.');
    return;
  }
  io.out(
    o.kind === 'planned'
      ? `Dry run: nothing was deleted. A teardown of ${o.region} would delete, in this order:`
      : `Torn down: these stacks were deleted from ${o.region}:`,
  );
  for (const s of o.stacks) io.out(`  ${s}`);
  if (o.retained.length) {
    io.out('Retained by the blueprint (not deleted; remove them by hand when you are sure):');
    for (const r of o.retained) io.out(`  ${r.type} ${r.id} (${r.how}, from ${r.stack})`);
  } else io.out('Nothing the blueprint retains was found in these stacks.');
  if (o.journal) io.out(`Journal: ${o.journal}`);
}
