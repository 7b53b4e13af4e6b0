/** bench/results.md: the figures, the verdicts against the targets of issue 9, the sources. */
import type { E2eRun } from './e2e.js';
import { APPS_PER_ZONE, type FleetRun } from './fleet.js';
import { LIMITS } from './limits.js';
import type { ScenarioSummary } from './scenario-summary.js';
import type { Machine, StartupSample } from './startup.js';
import { median } from './stats.js';
import { PROFILES, type WhatIfRow } from './what-if.js';

const s1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : 'n/a');
const ms = (x: number) => (Number.isFinite(x) ? `${Math.round(x)} ms` : 'n/a');
const yes = (ok: boolean) => (ok ? 'met' : '**missed**');
/** A Markdown table with padded columns (as the formatter would write it, so it leaves the file alone). */
function table(head: string[], rows: (string | number)[][]): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const width = head.map((_, i) => Math.max(3, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(width[i]!)).join(' | ')} |`;
  return [line(head), line(width.map((w) => '-'.repeat(w))), ...cells.slice(1).map(line)].join('\n');
}

export interface Report {
  generatedAt: string;
  durationSeconds: number;
  machine: Machine;
  scenarios: ScenarioSummary[];
  whatIfs: WhatIfRow[];
  startup: StartupSample[];
  e2e: E2eRun[];
  awsStartSeconds: number;
  fleets: FleetRun[];
}

const MODE_WORDS: Record<FleetRun['mode'], string> = {
  fleet: '`failoverFleet`, one shared API budget',
  independent: 'independent processes, started together',
  sequential: 'one after another',
};

function fleetSection(r: Report): string[] {
  if (r.fleets.length === 0) return [];
  const rows = r.fleets.map((f) => [
    f.apps,
    MODE_WORDS[f.mode],
    `${f.moved}/${f.apps}`,
    s1(f.rtoSeconds),
    s1(f.slowestCriticalPathSeconds),
    `${(f.rtoSeconds / f.slowestCriticalPathSeconds).toFixed(2)}×`,
    f.peakRoute53PerSecond,
    f.apiCalls,
    f.route53Calls,
  ]);
  const fleet = r.fleets.filter((f) => f.mode === 'fleet');
  const verdicts = fleet.map(
    (f) =>
      `- ${f.apps} apps, fleet: recovery ${(f.rtoSeconds / f.slowestCriticalPathSeconds).toFixed(2)}× the slowest critical path (target ≤ 1.10×): ${yes(f.rtoSeconds <= 1.1 * f.slowestCriticalPathSeconds)}; Route 53 peak ${f.peakRoute53PerSecond}/s (target ≤ 2.5/s): ${yes(f.peakRoute53PerSecond <= 2.5)}`,
  );
  return [
    '## 4. Fleets (virtual time)',
    '',
    `The bench's scenarios in turn (backup-and-restore with a copy, backup-and-restore, pilot light, ...), ${APPS_PER_ZONE} apps' records per hosted zone, every app the real engine against its own timed world on one clock and one call log (so request rates are the account's), each with the journals of three earlier runs of its scenario (as the single-app runs above) to poll by. **fleet**: \`failoverFleet\` (src/engine/fleet), one wave, all apps at once, one pacer per service for the account and one zone's record changes combined in one batch. **independent**: each app its own drctl process with its own Route 53 pacer, all started together. **one after another**: each alone, their times added. Recovery: until the last app's traffic is verified at the target (its lock is released after). The timed fakes never throttle: independent processes far over Route 53's 5/s would be refused and retried, so their time here is a lower bound.`,
    '',
    table(
      [
        'apps',
        'how',
        'moved',
        'recovery (s)',
        'slowest critical path (s)',
        'ratio',
        'Route 53 peak /s',
        'API calls',
        'Route 53 calls',
      ],
      rows,
    ),
    '',
    ...verdicts,
  ];
}

/** bench/results.json: the headline figures, for machines (same run as results.md). */
export function resultsJson(r: Report): unknown {
  return {
    generatedAt: r.generatedAt,
    machine: r.machine,
    scenarios: r.scenarios.map((x) => ({
      name: x.scenario.name,
      criticalPathSeconds: x.bounds.criticalPathSeconds,
      overheadSeconds: Number(x.overheadSeconds.toFixed(3)),
      apiCalls: x.apiCalls,
    })),
    fleet: r.fleets
      .filter((f) => f.mode === 'fleet')
      .map((f) => ({
        apps: f.apps,
        rtoSeconds: Number(f.rtoSeconds.toFixed(3)),
        slowestCriticalPathSeconds: f.slowestCriticalPathSeconds,
        peakRoute53PerSecond: f.peakRoute53PerSecond,
        apiCalls: f.apiCalls,
      })),
    fleetComparison: r.fleets.map((f) => ({ ...f })),
  };
}

function overheadSection(r: Report): string[] {
  const rows = r.scenarios.map((x) => [
    x.scenario.name,
    s1(x.bounds.criticalPathSeconds),
    s1(x.drctlMedian),
    s1(x.drctlP90),
    `${s1(x.overheadSeconds)} s (${x.overheadPercent.toFixed(2)} %)`,
    yes(x.overheadSeconds <= 5 && x.overheadPercent <= 1),
    s1(x.baseline.seconds),
    `${(x.baseline.seconds / x.drctlMedian).toFixed(2)}×`,
  ]);
  const out = [
    '## 1. Recovery time over the critical path (virtual time)',
    '',
    `Real engine (\`failover()\`, real wait profiles, jitter from a seeded PRNG), ${r.scenarios[0]?.seeds ?? 0} seeds per scenario, against timed fakes on a discrete-event clock; every AWS call takes the scenario's latency. Each run polls by expected duration, learnt from the journals of three earlier runs of the scenario (as after a few drills; the table after this one has the first run, without history, and the plain backoff drctl had before). Seconds; drctl and overhead are medians over the seeds. The hand-written script is deterministic (fixed waiter delays) and pays ${s1(r.awsStartSeconds)} s of \`aws\` start-up per invocation (measured below).`,
    '',
    table(
      [
        'scenario',
        'critical path',
        'drctl median',
        'drctl p90',
        'overhead',
        '≤ 1 % and ≤ 5 s',
        'hand script',
        'script / drctl',
      ],
      rows,
    ),
  ];
  out.push('', ...whatIfSection(r));
  for (const x of r.scenarios) out.push('', ...scenarioDetail(x));
  return out;
}

function whatIfSection(r: Report): string[] {
  const rows = r.whatIfs.map((w) => [
    w.scenario,
    w.profile,
    `${s1(w.overheadSeconds)} s (${w.overheadPercent.toFixed(2)} %)`,
    yes(w.overheadSeconds <= 5 && w.overheadPercent <= 1),
    yes(w.overheadSeconds <= 3 && w.calls <= 400),
    w.calls,
    w.cfnPerSecondBusiestMinute.toFixed(2),
  ]);
  return [
    'Polling by expected duration (src/engine/expected-delay.ts), with and without history, against the plain backoff it replaced: the same scenarios and seeds (the backoff laid over the defaults through the engine input, `FailoverInput.waits`; drctl.yaml does not expose it). Target (issue 16): at most 3 s of overhead and 400 API calls per failover. Profiles: ' +
      PROFILES.map((p) => `**${p.name}**: ${p.description}`).join('; ') +
      '.',
    '',
    table(
      [
        'scenario',
        'profile',
        'overhead (median)',
        '≤ 1 % and ≤ 5 s',
        '≤ 3 s and ≤ 400 calls',
        'AWS calls (median)',
        'CloudFormation calls/s, busiest minute',
      ],
      rows,
    ),
  ];
}

function scenarioDetail(x: ScenarioSummary): string[] {
  const onPath = new Set(x.bounds.path);
  const notice = [...x.notice].map(([k, v]) => {
    const key = k.replace(/^stack /, '');
    const critical = onPath.has(key) || (k === 'targets' && onPath.has('targets-healthy')) || onPath.has(k);
    return [k, s1(v), critical ? 'yes' : 'no'];
  });
  const calls = [...x.calls].map(([op, [d, b]]) => [op, d, b, x.opPeaks.get(op) ?? 0]);
  const total = (i: 0 | 1) => [...x.calls.values()].reduce((n, v) => n + v[i], 0);
  const peaks = x.peaks.map((p) => [
    p.service,
    p.scope,
    p.drctl,
    p.script,
    p.limit === undefined ? 'not published' : `${p.limit}/s`,
    p.underHalf === undefined ? 'n/a' : yes(p.underHalf),
  ]);
  return [
    `### ${x.scenario.name}`,
    '',
    x.scenario.description,
    '',
    `Critical path (${s1(x.bounds.criticalPathSeconds)} s): ${x.bounds.path.join(' → ')}. Deploying in the blueprint's waves instead of by \`dependsOn\` costs ${s1(x.waveCost)} s here.`,
    ...(x.failures.length
      ? [
          '',
          `**${x.failures.length} of ${x.seeds} runs did not flip:** ${x.failures.map((f) => `seed ${f.seed}: ${f.outcome} (${f.error ?? ''})`).join('; ')}`,
        ]
      : []),
    ...(x.warnings.length ? ['', `Engine warnings: ${x.warnings.map((w) => `"${w}"`).join('; ')}`] : []),
    ...(x.missing.length
      ? [
          '',
          `**Work the scenario needs was not done: ${x.missing.join('; ')}.** The run still ended \`flipped\`; its time is not comparable with the critical path, which includes that work.`,
        ]
      : []),
    '',
    'Where the overhead comes from (median seconds between the awaited thing happening and drctl noticing it):',
    '',
    table(['wait', 'noticed late by (s)', 'on the critical path'], notice),
    '',
    `API calls per failover (drctl: median over seeds, total ${total(0)}; script: ${total(1)}), and the busiest second of each operation for drctl (worst seed):`,
    '',
    table(['service operation', 'drctl', 'script', 'drctl peak /s'], calls),
    '',
    'Peak request rate against the published limits (most calls in any one-second window, worst seed):',
    '',
    table(
      ['service', 'limit applies to', 'drctl peak', 'script peak', 'published limit', 'drctl under half'],
      peaks,
    ),
  ];
}

function startupSection(r: Report): string[] {
  const get = (label: string) => r.startup.find((s) => s.label.startsWith(label));
  const version = get('drctl --version');
  const help = get('drctl --help');
  const aws = get('aws --version');
  const ratio = aws && version && !aws.missing ? aws.medianMs / version.medianMs : Number.NaN;
  const rows = r.startup.map((s) => [
    s.label,
    `\`${s.command}\``,
    s.missing ?? s.runs,
    s.missing ? s.missing : ms(s.medianMs),
    s.missing ? '' : ms(s.p90Ms),
    s.missing ? '' : ms(s.minMs),
    s.overFirstMs === undefined || s.label.startsWith('node') || s.label.startsWith('aws')
      ? ''
      : ms(s.overFirstMs),
  ]);
  return [
    '## 2. Start-up (wall time, spawn to exit, after warm-up)',
    '',
    `Round-robin rounds, so load from elsewhere falls on every command alike; the last column is the median, over rounds, of the command's time minus \`node -e 0\` in the same round: what drctl itself adds, the figure least moved by a busy machine (1-minute load average at the end of this run: ${r.machine.load.toFixed(1)} on ${r.machine.cores} cores).`,
    '',
    table(['what', 'command', 'runs', 'median', 'p90', 'min', 'over node -e 0'], rows),
    '',
    `- \`drctl --version\` ≤ 60 ms median: ${version ? yes(version.medianMs <= 60) : 'n/a'} (${ms(version?.medianMs ?? Number.NaN)})`,
    `- \`drctl --help\` ≤ 150 ms median: ${help ? yes(help.medianMs <= 150) : 'n/a'} (${ms(help?.medianMs ?? Number.NaN)})`,
    `- ≥ 5× faster than \`aws --version\`: ${Number.isFinite(ratio) ? `${yes(ratio >= 5)} (${ratio.toFixed(1)}×)` : 'n/a (AWS CLI not installed)'}`,
  ];
}

function e2eSection(r: Report): string[] {
  const groups = new Map<string, E2eRun[]>();
  for (const run of r.e2e)
    groups.set(run.delayMs.join('–'), [...(groups.get(run.delayMs.join('–')) ?? []), run]);
  const rows = [...groups].map(([delay, runs]) => [
    delay === '0–0' ? 'none' : `${delay} ms per call`,
    runs.length,
    `${runs.filter((x) => x.ok).length}/${runs.length}`,
    s1(median(runs.map((x) => x.wallSeconds))),
    median(runs.map((x) => x.totalCalls)),
  ]);
  const failures = r.e2e.filter((x) => !x.ok);
  const last = r.e2e[r.e2e.length - 1];
  return [
    '## 3. End to end on the emulator (wall time)',
    '',
    '`node bin/drctl failover us-east-1 --yes` against a fresh moto world per run (`startFailoverWorld()`), its AWS calls through a local proxy that adds a random delay per call.',
    '',
    table(['added latency', 'runs', 'flipped', 'median wall (s)', 'median AWS calls'], rows),
    '',
    ...(failures.length
      ? [
          `**The failover did not complete on the emulator in ${failures.length} of ${r.e2e.length} runs** (exit code ${[...new Set(failures.map((f) => f.exitCode))].join(', ')}); the wall times above are of the failed runs, not of a failover. Last output: \`${failures[0]?.failure ?? ''}\``,
          '',
        ]
      : []),
    ...(last
      ? [
          'Calls of the last run, with the HTTP status of each call the emulator answered with an error (the SDK retries 5xx):',
          '',
          table(
            ['service operation', 'calls', 'HTTP errors (status of each)'],
            [...last.calls].map(([k, v]) => [k, v, last.errors.get(k)?.join(', ') ?? '']),
          ),
        ]
      : []),
  ];
}

export function renderReport(r: Report): string {
  const m = r.machine;
  return [
    '# drctl benchmarks: results',
    '',
    `Generated ${r.generatedAt} by \`npm run bench\` in ${s1(r.durationSeconds)} s. Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.platform}, Node ${m.node}. The model and how to read these numbers: docs/performance.md.`,
    '',
    ...overheadSection(r),
    '',
    ...startupSection(r),
    '',
    ...e2eSection(r),
    '',
    ...fleetSection(r),
    '',
    '## Sources of the limits and waiter delays',
    '',
    ...LIMITS.flatMap((l) => [`- ${l.service}: ${l.note}`, ...l.sources.map((s) => `  - ${s}`)]),
    '- AWS CLI waiter delays (the hand script): botocore `data/<service>/<version>/waiters-2.json` of the installed AWS CLI: CloudFormation StackCreateComplete 30 s × 120, Route 53 ResourceRecordSetsChanged 30 s × 60, ELBv2 TargetInService 15 s × 40, RDS DBClusterSnapshotAvailable 30 s × 60.',
    '',
  ].join('\n');
}
