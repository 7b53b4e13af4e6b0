/**
 * The drill report as JUnit XML, the format every CI system shows: one test case per
 * phase, plus "recovery time within target" and "teardown leaves nothing".
 */
import type { DrillResult } from '../../engine/drill/types.js';
import { barLabel, duration } from './common.js';

export function xml(s: string): string {
  return s
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

interface Case {
  name: string;
  ms: number;
  failure?: string;
  skipped?: boolean;
}

function cases(r: DrillResult): Case[] {
  const out: Case[] = r.phases.map((b) => ({
    name: barLabel(b),
    ms: b.durationMs,
    ...(b.result === 'failed' ? { failure: b.error ?? 'failed' } : {}),
    ...(b.result === 'skipped' ? { skipped: true } : {}),
  }));
  const rtoFail =
    r.rtoMs === undefined
      ? 'the rehearsal failed, so no recovery time was measured'
      : r.rtoTargetMs !== undefined && r.rtoMs > r.rtoTargetMs
        ? `recovery took ${duration(r.rtoMs)}, over the target of ${duration(r.rtoTargetMs)}`
        : undefined;
  out.push({
    name: 'Recovery time within target',
    ms: r.rtoMs ?? 0,
    ...(rtoFail ? { failure: rtoFail } : {}),
  });
  const left = r.leftovers.map((l) => `${l.kind} ${l.id}: ${l.why}`).join('; ');
  out.push({
    name: 'Teardown leaves nothing behind',
    ms: 0,
    ...(r.cleanup === 'kept' ? { skipped: true } : left ? { failure: left } : {}),
  });
  return out;
}

export function renderJunit(r: DrillResult): string {
  const cs = cases(r);
  const failures = cs.filter((c) => c.failure).length;
  const skipped = cs.filter((c) => c.skipped).length;
  const total = cs.reduce((n, c) => n + c.ms, 0) / 1000;
  const suite = `drctl drill ${r.app} ${r.env} ${r.region}`;
  const body = cs.map((c) => {
    const open = `    <testcase classname="${xml(`drctl.drill.${r.region}`)}" name="${xml(c.name)}" time="${(c.ms / 1000).toFixed(3)}"`;
    if (c.failure)
      return `${open}>\n      <failure message="${xml(c.failure)}">${xml(c.failure)}</failure>\n    </testcase>`;
    if (c.skipped) return `${open}>\n      <skipped/>\n    </testcase>`;
    return `${open}/>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="drctl drill" tests="${cs.length}" failures="${failures}" time="${total.toFixed(3)}">`,
    `  <testsuite name="${xml(suite)}" tests="${cs.length}" failures="${failures}" skipped="${skipped}" time="${total.toFixed(3)}" timestamp="${xml(r.startedAt)}">`,
    ...body,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
