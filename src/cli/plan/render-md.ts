/** The plan as Markdown for a change ticket (`--format md`): the same facts as the terminal view. */
import type { PlanDocument } from '../../engine/plan/index.js';
import { phaseTitle, seconds } from '../presenters/format.js';
import {
  afterFlipLine,
  changeSetLines,
  controlLines,
  dnsRows,
  MARK,
  parameterLines,
  rpoLine,
  rtoLine,
  stepRows,
  VERDICT_TEXT,
} from './describe.js';

/** Pipes would end a table cell early. */
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function checks(doc: PlanDocument): string[] {
  return [
    '## Preflight checks',
    '',
    '| | Check | Result | Fix |',
    '| --- | --- | --- | --- |',
    ...doc.checks.map(
      (c) =>
        `| ${MARK[c.status]} | ${cell(c.title)} | ${cell(c.reason)} | ${cell(c.status === 'passed' ? '' : c.fix)} |`,
    ),
  ];
}

function safety(doc: PlanDocument): string[] {
  if (!doc.refusals.length) return ['## Safety', '', 'No safety rule refuses this change.'];
  return [
    '## Safety',
    '',
    doc.forced
      ? 'These rules would refuse the change; `--force` overrides them:'
      : 'These rules refuse the change:',
    '',
    ...doc.refusals.map((r) => `- **${r.id}**: ${r.reason}. Fix: ${r.fix}.`),
  ];
}

function stacks(doc: PlanDocument): string[] {
  const out = [`## Stacks in ${doc.to}`, '', '| Wave | Stack | Action | Why |', '| --- | --- | --- | --- |'];
  out.push(...doc.stacks.map((s) => `| ${s.wave} | ${s.name} | ${s.action} | ${cell(s.why)} |`));
  for (const s of doc.stacks) {
    const lines = [...parameterLines(s), ...changeSetLines(s)];
    if (lines.length) out.push('', `${s.name}:`, '', '```diff', ...lines, '```');
  }
  return out;
}

function steps(doc: PlanDocument): string[] {
  return [
    '## Steps and what each depends on',
    '',
    '| Step | Plane | Service and region |',
    '| --- | --- | --- |',
    ...stepRows(doc).map((r) => `| ${r.step} | ${r.plane} | ${r.service} |`),
  ];
}

function dns(doc: PlanDocument): string[] {
  if (doc.controls) {
    return [
      `## Traffic: the ${doc.controls.kind} switch for ${doc.record.name}`,
      '',
      ...controlLines(doc).map((l) => `- ${l}`),
    ];
  }
  const out = [`## DNS: ${doc.record.name} ${doc.record.type} (${doc.record.routing})`, ''];
  if (!doc.dns.albKnown)
    out.push(`\`${doc.dns.albDnsName}\` is a placeholder: the new ALB is created by the failover.`, '');
  if (doc.dns.problem) out.push(`No change planned: ${doc.dns.problem}`, '');
  out.push('| Set | Before | After |', '| --- | --- | --- |');
  out.push(
    ...dnsRows(doc).map(
      (r) =>
        `| ${cell(r.set)} | ${cell(r.before)} | ${r.changed ? '**' : ''}${cell(r.after)}${r.changed ? '**' : ''} |`,
    ),
  );
  const diff = dnsRows(doc).filter((r) => r.changed);
  if (diff.length)
    out.push(
      '',
      '```diff',
      ...diff.flatMap((r) => [`- ${r.set}: ${r.before}`, `+ ${r.set}: ${r.after}`]),
      '```',
    );
  return out;
}

function estimates(doc: PlanDocument): string[] {
  return [
    '## Estimates',
    '',
    `${rtoLine(doc)}. ${rpoLine(doc)}.`,
    '',
    '| Phase | Estimate | Source |',
    '| --- | --- | --- |',
    ...doc.estimate.phases.map(
      (p) => `| ${phaseTitle(p.phase)} | ${seconds(p.seconds * 1000)} | ${p.source} |`,
    ),
  ];
}

export function renderPlanMarkdown(doc: PlanDocument): string {
  return [
    `# drctl plan: ${doc.app} ${doc.env}, ${doc.from} to ${doc.to}`,
    '',
    `**${VERDICT_TEXT[doc.verdict]}**`,
    '',
    `Made ${doc.createdAt}${doc.account ? ` in account ${doc.account}` : ''}. Checksum of what it saw: \`${doc.checksum}\`.`,
    '',
    ...checks(doc),
    '',
    ...safety(doc),
    '',
    ...stacks(doc),
    '',
    ...dns(doc),
    '',
    afterFlipLine(doc),
    '',
    ...steps(doc),
    '',
    ...estimates(doc),
    '',
  ].join('\n');
}
