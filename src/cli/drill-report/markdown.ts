/** The drill report as Markdown: for a ticket, a wiki page or a CI job summary. */
import type { DrillResult } from '../../engine/drill/types.js';
import { barLabel, duration, notesOf, rtoLine, VERDICT_TEXT } from './common.js';

const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');

export function renderMarkdown(r: DrillResult): string {
  const lines = [
    `# DR drill ${r.drillId}: ${VERDICT_TEXT[r.verdict]}`,
    '',
    `- App **${r.app}**, environment **${r.env}**, ${r.primaryRegion} -> **${r.region}**`,
    `- Started ${r.startedAt}, finished ${r.finishedAt}`,
    `- Recovery time (RTO): **${rtoLine(r)}**`,
    `- DNS: ${r.dns ? `drill record \`${r.record}\`` : 'none (stopped after the pre-flip probe)'}`,
    `- Cleanup: **${r.cleanup}**`,
    `- Journal: \`${r.journal}\``,
  ];
  if (r.failure)
    lines.push(`- Failure at **${r.failure.phase ?? 'start'}** (${r.failure.code}): ${r.failure.message}`);
  lines.push('', '## Phases', '', '| Phase | Starts at | Duration | Result |', '| --- | ---: | ---: | --- |');
  for (const b of r.phases) {
    lines.push(
      `| ${cell(barLabel(b))} | ${duration(b.startMs)} | ${duration(b.durationMs)} | ${b.result}${b.error ? `: ${cell(b.error)}` : ''} |`,
    );
  }
  if (r.cleaned.length) {
    lines.push('', '## Teardown', '', '| Resource | Id | Action |', '| --- | --- | --- |');
    for (const c of r.cleaned)
      lines.push(`| ${c.kind} | \`${cell(c.id)}\` | ${c.action}${c.detail ? `: ${cell(c.detail)}` : ''} |`);
  }
  if (r.leftovers.length) {
    lines.push('', '## Left behind', '');
    for (const l of r.leftovers) lines.push(`- ${l.kind} \`${l.id}\` in ${l.region}: ${l.why}`);
    lines.push('', 'Remove them with `drctl drill --sweep --yes`.');
  }
  const notes = notesOf(r);
  if (notes.length) lines.push('', '## Notes', '', ...notes.map((n) => `- ${n}`));
  return `${lines.join('\n')}\n`;
}
