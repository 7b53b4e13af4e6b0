/**
 * The drill report as one self-contained HTML page: inline CSS, an inline SVG waterfall
 * of the phases (one bar per span, where it started and how long it took, the RTO and its
 * target as vertical lines), the teardown and what was left. No script, no external asset:
 * it opens from a CI artifact, an email, or a file share years later.
 */
import type { DrillResult, PhaseBar } from '../../engine/drill/types.js';
import { barLabel, duration, notesOf, rtoLine, totalMs, VERDICT_TEXT } from './common.js';
import { xml as esc } from './junit.js';

const ROW = 26;
const LABEL_W = 330;
const CHART_W = 560;
const COLOURS = { ok: '#2e7d32', failed: '#c62828', skipped: '#9e9e9e' } as const;
const TEARDOWN = new Set(['teardown', 'verify-clean', 'release-lock']);

function bar(b: PhaseBar, i: number, scale: number): string {
  const y = 30 + i * ROW;
  const x = LABEL_W + b.startMs * scale;
  const w = Math.max(2, b.durationMs * scale);
  const fill = b.result === 'ok' && TEARDOWN.has(b.phase) ? '#1565c0' : COLOURS[b.result];
  const title = `${barLabel(b)}: ${duration(b.durationMs)} from ${duration(b.startMs)} (${b.result})${b.error ? `: ${b.error}` : ''}`;
  return [
    `<g class="phase" data-phase="${esc(b.phase)}" data-result="${b.result}">`,
    `<title>${esc(title)}</title>`,
    `<text x="${LABEL_W - 8}" y="${y + 16}" text-anchor="end">${esc(barLabel(b))}</text>`,
    `<rect x="${x.toFixed(1)}" y="${y + 4}" width="${w.toFixed(1)}" height="${ROW - 8}" rx="3" fill="${fill}"/>`,
    `<text x="${(x + w + 6).toFixed(1)}" y="${y + 16}" class="dur">${esc(duration(b.durationMs))}</text>`,
    '</g>',
  ].join('');
}

function marker(ms: number, scale: number, height: number, label: string, colour: string): string {
  const x = (LABEL_W + ms * scale).toFixed(1);
  return `<g class="marker"><line x1="${x}" y1="18" x2="${x}" y2="${height - 4}" stroke="${colour}" stroke-dasharray="4 3"/><text x="${x}" y="13" text-anchor="middle" fill="${colour}">${esc(label)}</text></g>`;
}

/** The waterfall of the phases, with the RTO and its target as vertical lines. */
function waterfallSvg(r: DrillResult): string {
  // A target far beyond the drill would squash every bar to a sliver: then it is named, not drawn.
  const target = r.rtoTargetMs;
  const drawTarget = target !== undefined && target <= totalMs(r) * 1.5;
  const total = Math.max(totalMs(r), drawTarget ? target : 0);
  const scale = (CHART_W - 70) / total;
  const height = 40 + r.phases.length * ROW;
  const width = LABEL_W + CHART_W;
  const parts = r.phases.map((b, i) => bar(b, i, scale));
  if (r.rtoMs !== undefined) parts.push(marker(r.rtoMs, scale, height, `RTO ${duration(r.rtoMs)}`, '#000'));
  if (r.rtoTargetMs !== undefined)
    parts.push(marker(r.rtoTargetMs, scale, height, `target ${duration(r.rtoTargetMs)}`, '#e65100'));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" id="waterfall" role="img" aria-label="Phases of drill ${esc(r.drillId)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    ...parts,
    '</svg>',
  ].join('\n');
}

function table(head: string[], rows: string[][]): string {
  const th = head.map((h) => `<th>${esc(h)}</th>`).join('');
  const trs = rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${trs}\n</tbody></table>`;
}

const CSS = `body{font-family:system-ui,sans-serif;margin:2rem;color:#212121;max-width:960px}
h1{font-size:1.4rem}.verdict{padding:.2rem .6rem;border-radius:4px;color:#fff}
.passed{background:#2e7d32}.failed,.rto-exceeded,.leftovers{background:#c62828}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid #ddd;padding:.25rem .6rem;text-align:left;font-size:.9rem}
svg text.dur{fill:#555}dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}dt{font-weight:600}`;

export function renderHtml(r: DrillResult): string {
  const facts: [string, string][] = [
    ['Application', `${r.app} (${r.env})`],
    ['Regions', `${r.primaryRegion} -> ${r.region}`],
    ['Started', r.startedAt],
    ['Finished', r.finishedAt],
    ['Recovery time', rtoLine(r)],
    ['DNS', r.dns ? `drill record ${r.record}` : 'none'],
    ['Cleanup', r.cleanup],
    ['Journal', r.journal],
  ];
  if (r.failure)
    facts.push(['Failure', `${r.failure.phase ?? 'start'} (${r.failure.code}): ${r.failure.message}`]);
  const notes = notesOf(r);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>DR drill ${esc(r.drillId)}: ${esc(r.verdict)}</title>
<style>${CSS}</style></head><body>
<h1>DR drill ${esc(r.drillId)} <span class="verdict ${r.verdict}">${esc(VERDICT_TEXT[r.verdict])}</span></h1>
<dl>${facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>
<h2>Phases</h2>
${waterfallSvg(r)}
${table(
  ['Phase', 'Starts at', 'Duration', 'Result'],
  r.phases.map((b) => [
    barLabel(b),
    duration(b.startMs),
    duration(b.durationMs),
    b.result + (b.error ? `: ${b.error}` : ''),
  ]),
)}
<h2>Teardown</h2>
${
  r.cleaned.length
    ? table(
        ['Resource', 'Id', 'Action'],
        r.cleaned.map((c) => [c.kind, c.id, c.action + (c.detail ? `: ${c.detail}` : '')]),
      )
    : `<p>${r.cleanup === 'kept' ? 'Kept for inspection (--keep).' : 'Nothing to delete.'}</p>`
}
${
  r.leftovers.length
    ? `<h2>Left behind</h2>${table(
        ['Resource', 'Id', 'Why'],
        r.leftovers.map((l) => [l.kind, l.id, l.why]),
      )}`
    : ''
}
${notes.length ? `<h2>Notes</h2><ul>${notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}
</body></html>
`;
}
