/** `drctl status`: read-only view of where traffic goes now. */
import type { StatusReport } from '../../engine/status-report.js';
import { awsAdapters, type Context } from '../context.js';
import { type Io, paint } from '../io.js';
import { printResult } from '../json-out.js';
import { journalDir } from '../run-setup.js';
import { runInWords } from '../run-words.js';
import { plainTable } from '../table.js';

export async function statusCommand(ctx: Context): Promise<number> {
  const loaded = await ctx.loadConfig();
  const { config } = loaded;
  const [{ buildStatus }, { FileJournal }, { Route53Lock }, { wireDataPlane }, { DnsResolver }, aws] =
    await Promise.all([
      import('../../engine/status-report.js'),
      import('../../local/file-journal.js'),
      import('../../aws/route53-lock.js'),
      import('../data-plane-ports.js'),
      import('../../local/dns-resolver.js'),
      awsAdapters(ctx.globals),
    ]);
  try {
    const regions = [config.primaryRegion, ...config.targetRegions];
    const sw = config.switch;
    const plane =
      sw.mode !== 'records' || config.lock.store !== 'route53'
        ? await wireDataPlane(aws.factory, config)
        : undefined;
    const report = await buildStatus(
      {
        app: config.app,
        hostedZone: config.dns.hostedZone,
        recordName: config.dns.record.name,
        recordType: config.dns.record.type,
        regions,
        ...(sw.mode !== 'records'
          ? {
              switch: {
                kind: sw.mode,
                controlPlane: sw.controlPlane,
                regions,
                recordName: config.dns.record.name,
                // A+AAAA: the A answer stands for both (the same ALB answers each family).
                recordType: config.dns.record.type === 'AAAA' ? ('AAAA' as const) : ('A' as const),
                zoneName: config.dns.hostedZone.replace(/\.$/, ''),
                nameServers: config.verification.nameServers,
              },
            }
          : {}),
      },
      {
        ...aws,
        // The same folder failover and `runs` use (relative to the config file).
        journal: new FileJournal(journalDir(loaded)),
        lockIn: (zoneId) => plane?.lock ?? new Route53Lock(aws.dns, zoneId),
        ...(plane?.trafficSwitch
          ? {
              dataPlane: {
                switch: plane.trafficSwitch,
                authDns: plane.authoritativeDns,
                resolver: new DnsResolver(config.verification.resolvers),
              },
            }
          : {}),
      },
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
  io.out(`Serving region: ${paint(io, 'bold', serving)}${r.dataPlane ? ' (from the data plane)' : ''}`);
  if (r.dataPlane) renderDataPlane(r.dataPlane, io);
  if (r.dataPlane && r.records.length === 0) {
    io.out(
      'Record sets: not read (switch.controlPlane is avoid; they are provisioned by the switch template).',
    );
  } else if (r.records.length === 0) {
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
      ? `Latest run: ${run.runId} (${run.command}, ${runInWords(run)}) ${run.location}`
      : 'Latest run: none',
  );
  renderLockAndOpenRuns(r, io);
}

function renderDataPlane(d: NonNullable<StatusReport['dataPlane']>, io: Io): void {
  const what = d.kind === 'arc' ? 'ARC routing controls' : 'S3 switch objects';
  io.out(
    d.controls
      ? `${what}: ${Object.entries(d.controls)
          .map(([r, s]) => `${r} ${s}`)
          .join(', ')}`
      : paint(io, 'yellow', `${what}: could not be read (${d.controlsError})`),
  );
  io.out(
    d.answer
      ? `Authoritative answer (${d.answer.servers.join(', ')}): ${d.answer.addresses.join(' ') || '(none)'}${d.answerServes ? `, the ALB in ${d.answerServes}` : ', no configured region ALB'}`
      : paint(io, 'yellow', `Authoritative answer: could not be read (${d.answerError})`),
  );
  if (d.controlsServe && d.answerServes && d.controlsServe !== d.answerServes) {
    io.out(
      paint(
        io,
        'yellow',
        `The controls send traffic to ${d.controlsServe} but DNS still answers ${d.answerServes}: health checks may not have noticed yet.`,
      ),
    );
  }
}

function renderLockAndOpenRuns(r: StatusReport, io: Io): void {
  if (r.lock) {
    const who = r.lock.holder ? ` by ${r.lock.holder}${r.lock.host ? ` on ${r.lock.host}` : ''}` : '';
    io.out(
      paint(
        io,
        'yellow',
        `Lock: HELD on ${r.lock.key} by run ${r.lock.runId}${who}, for ${age(r.lock.ageMs)} (since ${r.lock.startedAt}).`,
      ),
    );
    io.out(
      `  If that run is dead: drctl rollback ${r.lock.runId} (undoes or closes it and releases the lock), or --break-lock on the next run.`,
    );
  } else if (r.lockError) io.out(paint(io, 'yellow', `Lock: could not be read (${r.lockError}).`));
  else io.out('Lock: free');
  if (r.unfinishedRuns.length > 0) {
    io.out(paint(io, 'yellow', `Unfinished runs (${r.unfinishedRuns.length}):`));
    for (const u of r.unfinishedRuns) io.out(`  ${u.runId}  ${u.command}  started ${u.startedAt}`);
    io.out('  Continue one with drctl resume <run-id>, or undo or close it with drctl rollback <run-id>.');
  }
}

function age(ms: number): string {
  const min = Math.round(ms / 60_000);
  if (min < 1) return 'under a minute';
  if (min < 120) return `${min} min`;
  return `${Math.round(min / 60)} h`;
}
