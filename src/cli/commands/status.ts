/** `drctl status`: read-only view of where traffic goes now. */
import type { StatusReport } from '../../engine/status-report.js';
import { awsAdapters, type Context } from '../context.js';
import { type Io, paint } from '../io.js';
import { printResult } from '../json-out.js';
import { plainTable } from '../table.js';

export async function statusCommand(ctx: Context): Promise<number> {
  const { config } = await ctx.loadConfig();
  const [{ buildStatus }, { FileJournal }, aws] = await Promise.all([
    import('../../engine/status-report.js'),
    import('../../local/file-journal.js'),
    awsAdapters(ctx.globals),
  ]);
  try {
    const report = await buildStatus(
      {
        app: config.app,
        hostedZone: config.dns.hostedZone,
        recordName: config.dns.record.name,
        recordType: config.dns.record.type,
        regions: [config.primaryRegion, ...config.targetRegions],
      },
      { ...aws, journal: new FileJournal(config.journal.dir) },
    );
    if (ctx.globals.json) printResult(ctx.io, 'status', report, 0, { pretty: true });
    else renderStatus(report, ctx.io);
    return 0;
  } finally {
    aws.factory.destroy();
  }
}

export function renderStatus(r: StatusReport, io: Io): void {
  io.out(`Record ${r.recordName} ${r.recordType} in hosted zone ${r.zone.name} (${r.zone.id})`);
  const serving = r.servingRegions.length ? r.servingRegions.join(', ') : 'no configured region';
  io.out(`Serving region: ${paint(io, 'bold', serving)}`);
  if (r.records.length === 0) {
    io.out(paint(io, 'yellow', `No ${r.recordType} record set named ${r.recordName} exists in the zone.`));
  } else {
    const t = plainTable(['ROUTING', 'SET ID', 'TARGET', 'REGION', 'ALB', 'STATE', 'TRAFFIC']);
    for (const rec of r.records) {
      t.push([
        rec.routing,
        rec.recordSet.SetIdentifier ?? '-',
        rec.target,
        rec.loadBalancer?.region ?? '?',
        rec.loadBalancer?.name ?? '(not a drctl region ALB)',
        rec.loadBalancer?.state ?? '-',
        rec.serving ? 'yes' : 'standby',
      ]);
    }
    io.out(t.toString());
  }
  io.out('');
  io.out('Stacks:');
  for (const [region, res] of Object.entries(r.stacks)) {
    if (!res.ok) {
      io.out(`  ${region}: ${paint(io, 'red', `unreachable: ${res.error}`)}`);
    } else if (res.value.length === 0) {
      io.out(`  ${region}: none`);
    } else {
      for (const s of res.value) {
        io.out(
          `  ${region}: ${s.name}  ${s.status}${s.lastUpdated ? `  ${s.lastUpdated.toISOString()}` : ''}`,
        );
      }
    }
  }
  io.out('');
  const run = r.latestRun;
  io.out(
    run
      ? `Latest run: ${run.runId} (${run.command}, ${run.outcome ?? run.lastKind}) ${run.location}`
      : 'Latest run: none',
  );
}
