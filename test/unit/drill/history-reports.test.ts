/** History from the journal (medians for plan, trend for `drctl drills`) and the text reports. */
import { describe, expect, it } from 'vitest';
import { trend } from '../../../src/cli/commands/drills.js';
import { renderJunit } from '../../../src/cli/drill-report/junit.js';
import { renderMarkdown } from '../../../src/cli/drill-report/markdown.js';
import {
  drillHistory,
  median,
  phaseMedians,
  recentPhaseMedians,
  runDrill,
} from '../../../src/engine/drill/index.js';
import type { DrillResult } from '../../../src/engine/drill/types.js';
import { drillInput, drillWorld } from './world.js';

/** Three drills into one journal, the second slower (longer stack creation). */
async function threeDrills() {
  const w = drillWorld();
  const results: DrillResult[] = [];
  for (const [i, polls] of [2, 6, 3].entries()) {
    for (const name of w.stacks.scripts.keys()) w.stacks.scripts.get(name)!.polls = polls;
    const input = drillInput();
    input.drillId = `drill${i}`;
    input.failover.runId = `2026010${i + 1}-0300-us-east-1-drill-drill${i}`;
    results.push(await runDrill(input, w.ports, w.sink));
    w.clock.t += 24 * 3600_000;
  }
  return { w, results };
}

describe('drill history', () => {
  it('lists drills from the journal, newest first', async () => {
    const { w } = await threeDrills();
    const h = await drillHistory(w.journal);
    expect(h.map((d) => d.drillId)).toEqual(['drill2', 'drill1', 'drill0']);
    expect(await drillHistory(w.journal, { region: 'eu-west-1' })).toEqual([]);
  });

  it('gives plan the median of recent drills, per phase', async () => {
    const { w, results } = await threeDrills();
    const deploys = results.map((r) => r.phases.find((p) => p.phase === 'deploy')!.durationMs);
    const m = await recentPhaseMedians(w.journal, { region: 'us-east-1' });
    expect(m.drills).toBe(3);
    expect(m.phases.deploy).toBe(median(deploys));
    expect(m.rtoMs).toBe(median(results.map((r) => r.rtoMs!)));
    expect((await recentPhaseMedians(w.journal, { region: 'us-east-1', last: 1 })).phases.deploy).toBe(
      deploys[2],
    );
  });

  it('leaves failed drills out of the medians', () => {
    const ok = {
      rehearsal: 'ok',
      rtoMs: 10,
      phases: [{ phase: 'deploy', startMs: 0, durationMs: 10, result: 'ok' }],
    };
    const failed = {
      rehearsal: 'failed',
      phases: [{ phase: 'deploy', startMs: 0, durationMs: 999, result: 'failed' }],
    };
    expect(phaseMedians([ok, failed] as unknown as DrillResult[])).toEqual({
      phases: { deploy: 10 },
      rtoMs: 10,
      drills: 1,
    });
  });

  it('shows the RTO trend against the previous drill into the same region', async () => {
    const { results } = await threeDrills();
    const t = trend([...results].reverse());
    expect(t.get(results[0]!.runId)).toBeUndefined();
    expect(t.get(results[1]!.runId)).toMatch(/^\+/);
    expect(t.get(results[2]!.runId)).toMatch(/^-/);
  });
});

describe('text reports', () => {
  it('JUnit: a case per phase plus RTO and teardown, failures where they failed', async () => {
    const w = drillWorld();
    w.probe.healthy.clear();
    const r = await runDrill(drillInput(), w.ports, w.sink);
    const x = renderJunit(r);
    expect(x).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
    expect(x).toContain(`tests="${r.phases.length + 2}" failures="2"`);
    expect(x).toMatch(
      /name="Probing the new load balancer \(before DNS changes\)" time="60.000">\n\s+<failure message="pre-flip probe of https:/,
    );
    expect(x).toMatch(/name="Recovery time within target"[^>]*>\n\s+<failure message="the rehearsal failed/);
    expect(x).toMatch(/name="Teardown leaves nothing behind" time="0.000"\/>/);
  });

  it('Markdown: verdict, RTO against the target, and a row per phase', async () => {
    const w = drillWorld();
    const r = await runDrill(drillInput(), w.ports, w.sink);
    const md = renderMarkdown(r);
    expect(md).toMatch(/^# DR drill abc123: PASSED\n/);
    expect(md).toMatch(/Recovery time \(RTO\): \*\*\d+\.\d s \(target 30 min 0 s\)\*\*/);
    expect(md.match(/^\| [A-Z].* \| (ok|failed|skipped)/gm)).toHaveLength(r.phases.length);
  });
});
