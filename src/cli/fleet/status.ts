/**
 * `drctl fleet status <region>`: per app, where its record sends traffic now (read from
 * Route 53, paced on the fleet's budget) and how its newest run to the region ended, with
 * its journal. Reads only.
 */
import type { StatusReport } from '../../engine/status-report.js';
import type { Context } from '../context.js';
import { paint } from '../io.js';
import { printResult } from '../json-out.js';
import { runInWords } from '../run-words.js';
import { plainTable } from '../table.js';
import { latestRuns } from './journals.js';
import { type FleetOptions, fleetAdapters, loadFleetFor } from './setup.js';

export async function fleetStatusCommand(ctx: Context, region: string, opts: FleetOptions): Promise<number> {
  const f = await loadFleetFor(region, opts);
  const runs = await latestRuns(f, region);
  const [{ buildStatus }, { Route53Lock }] = await Promise.all([
    import('../../engine/status-report.js'),
    import('../../aws/route53-lock.js'),
  ]);
  const aws = await fleetAdapters(ctx, f);
  try {
    const rows = [];
    for (const a of runs) {
      const c = a.member.loaded.config;
      let report: StatusReport | undefined;
      let error: string | undefined;
      try {
        report = await buildStatus(
          {
            app: c.app,
            hostedZone: c.dns.hostedZone,
            recordName: c.dns.record.name,
            recordType: c.dns.record.type,
            regions: [c.primaryRegion, ...c.targetRegions],
          },
          { ...aws, lockIn: (zoneId) => new Route53Lock(aws.lockDns, zoneId) },
        );
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
      rows.push({
        app: a.member.name,
        wave: a.member.wave,
        serving: report?.servingRegions ?? [],
        ...(report?.lock ? { lockedBy: report.lock.holder } : {}),
        ...(error ? { error } : {}),
        ...(a.run ? { run: a.run.runId, result: runInWords(a.run), journal: a.location } : {}),
        config: a.member.loaded.path,
      });
    }
    const onTarget = rows.filter((r) => r.serving.length === 1 && r.serving[0] === region).length;
    if (ctx.globals.json)
      return printResult(ctx.io, 'fleet-status', { region, apps: rows }, 0, { pretty: true });
    const t = plainTable(['APP', 'WAVE', 'SERVING', 'NEWEST RUN', 'RESULT', 'JOURNAL']);
    for (const r of rows) {
      const serving = r.error ? `? (${r.error})` : r.serving.join(', ') || 'none';
      t.push([r.app, String(r.wave), serving, r.run ?? '-', r.result ?? '-', r.journal ?? '-']);
    }
    ctx.io.out(t.toString());
    const line = `${onTarget} of ${rows.length} app(s) serve from ${region} alone.`;
    ctx.io.out(`\n${onTarget === rows.length ? paint(ctx.io, 'green', line) : line}`);
    return 0;
  } finally {
    aws.factory.destroy();
  }
}
