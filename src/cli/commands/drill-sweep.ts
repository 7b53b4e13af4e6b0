/**
 * `drctl drill --sweep [region]`: list the leftovers of drills that died or were kept
 * (from this machine's journals and from the drill tags on stacks in every target
 * region), and with `--yes` tear them down and verify. Without `--yes` it is a dry run.
 */
import type { LoadedConfig } from '../../config/load.js';
import type { SweepCandidate, SweepResult } from '../../engine/drill/index.js';
import { DrctlError, ExitCode } from '../../errors.js';
import type { Context } from '../context.js';
import type { Io } from '../io.js';
import { newRunId } from '../run-id.js';
import { showResult, wireOnConfigZone } from '../run-setup.js';

export interface SweepOptions {
  /** Delete, not only list. Default: false (dry run). */
  yes: boolean;
  /** Drills younger than this are left alone, minutes. Default: config lock.staleAfterMinutes. */
  minAgeMinutes?: number | undefined;
}

function describe(c: SweepCandidate): string {
  const inv = c.inventory;
  const what = [
    ...inv.stacks.flat().map((s) => `stack ${s}`),
    ...(inv.record ? [`record ${inv.record.name}`] : []),
    ...inv.buckets.map((b) => `bucket ${b}`),
    ...inv.keys.map((k) => `KMS key ${k}`),
    ...inv.snapshots.map((s) => `snapshot ${s}`),
    ...inv.clusters.map((k) => `snapshots of cluster ${k}`),
  ];
  const head = `drill ${c.drillId} in ${inv.region} (found by ${c.source}${c.runId ? ` ${c.runId}` : ''}${c.startedAt ? `, started ${c.startedAt}` : ''})`;
  return [`${head}${c.skip ? `: SKIPPED, ${c.skip}` : ''}`, ...what.map((w) => `    ${w}`)].join('\n');
}

function render(r: SweepResult, io: Io): void {
  if (r.candidates.length === 0) {
    io.out('No drill leftovers found.');
    return;
  }
  io.out(r.dryRun ? 'Drill leftovers (dry run: nothing deleted; add --yes to delete):' : 'Drill leftovers:');
  for (const c of r.candidates) io.out(`  ${describe(c)}`);
  if (r.dryRun) return;
  for (const c of r.cleaned) io.out(`  ${c.kind} ${c.id}: ${c.action}${c.detail ? ` (${c.detail})` : ''}`);
  for (const l of r.leftovers) io.err(`LEFT BEHIND: ${l.kind} ${l.id} in ${l.region}: ${l.why}`);
  io.out(r.leftovers.length ? 'Sweep finished with leftovers.' : 'Sweep finished: nothing left.');
}

export async function sweepCommand(
  ctx: Context,
  loaded: LoadedConfig,
  region: string | undefined,
  o: SweepOptions,
): Promise<number> {
  const { config } = loaded;
  if (region && !config.targetRegions.includes(region)) {
    throw new DrctlError(
      'USAGE',
      `${region} is not one of the config's targetRegions (${config.targetRegions.join(', ')}).`,
    );
  }
  const [{ AwsDrillCleanup }, { sweepDrills }, { loadManifest, stackWaves }, { locateTemplatesDir }] =
    await Promise.all([
      import('../../aws/drill-cleanup.js'),
      import('../../engine/drill/index.js'),
      import('../../templates/manifest.js'),
      import('../../templates/locate.js'),
    ]);
  const { zoneId, wired, presenter } = await wireOnConfigZone(ctx, loaded);
  try {
    const d = config.drill;
    const result = await sweepDrills(
      {
        runId: `${newRunId(region ?? config.targetRegions[0]!).replace(/-[0-9a-f]{4}$/, '')}-sweep`,
        app: config.app,
        regions: region ? [region] : config.targetRegions,
        hostedZoneId: zoneId,
        ...(d.dns && d.record ? { record: { name: d.record, type: config.dns.record.type } } : {}),
        waves: stackWaves(loadManifest(locateTemplatesDir({}))),
        minAgeMs: (o.minAgeMinutes ?? config.lock.staleAfterMinutes) * 60_000,
        dryRun: !o.yes,
        keyDeletionDays: d.keyDeletionDays,
      },
      { ...wired.ports, cleanup: new AwsDrillCleanup(wired.factory) },
      presenter,
    );
    const code = result.leftovers.length ? ExitCode.Failure : ExitCode.Success;
    return showResult(ctx, presenter, 'sweep', result, code, render);
  } finally {
    presenter.stop();
    wired.close();
  }
}
