/** The plan on a terminal: checks, refusals, stacks, DNS side by side, estimates, verdict. */
import type { PlanDocument } from '../../engine/plan/index.js';
import { type Io, paint } from '../io.js';
import { phaseTitle, seconds } from '../presenters/format.js';
import { plainTable } from '../table.js';
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

function checks(doc: PlanDocument, io: Io): void {
  io.out('Preflight checks:');
  const colour = { passed: 'green', failed: 'red', warning: 'yellow' } as const;
  const width = Math.max(...doc.checks.map((c) => c.title.length));
  for (const c of doc.checks) {
    io.out(
      `  ${paint(io, colour[c.status], MARK[c.status].padEnd(4))} ${c.title.padEnd(width)}  ${c.reason}`,
    );
    if (c.fix && c.status !== 'passed') io.out(`       ${' '.repeat(width)}  fix: ${c.fix}`);
  }
}

function stacks(doc: PlanDocument, io: Io): void {
  io.out(`Stacks in ${doc.to}:`);
  for (const s of doc.stacks) {
    io.out(`  wave ${s.wave}  ${s.action.padEnd(9)} ${s.name}  (${s.why})`);
    for (const l of [...parameterLines(s), ...changeSetLines(s)]) io.out(`          ${l}`);
  }
}

function steps(doc: PlanDocument, io: Io): void {
  io.out('Steps and what each depends on:');
  const t = plainTable(['STEP', 'PLANE', 'SERVICE AND REGION']);
  for (const r of stepRows(doc)) t.push([r.step, r.plane, r.service]);
  io.out(t.toString());
}

function dns(doc: PlanDocument, io: Io): void {
  if (doc.controls) {
    io.out(
      `Traffic for ${doc.record.name} moves by the ${doc.controls.kind} switch (the record sets stay as provisioned):`,
    );
    for (const l of controlLines(doc)) io.out(`  ${l}`);
    if (!doc.dns.albKnown)
      io.out(`  ${doc.dns.albDnsName} is a placeholder: the new ALB is known once the failover creates it`);
    return;
  }
  io.out(`DNS ${doc.record.name} ${doc.record.type} (${doc.record.routing}):`);
  if (!doc.dns.albKnown) {
    io.out(
      `  ${doc.dns.albDnsName} is a placeholder: the new ALB's name is known once the failover creates it`,
    );
  }
  if (doc.dns.problem) io.out(paint(io, 'yellow', `  no change planned: ${doc.dns.problem}`));
  const t = plainTable(['', 'SET', 'BEFORE', 'AFTER']);
  for (const r of dnsRows(doc)) t.push([r.changed ? '*' : ' ', r.set, r.before, r.after]);
  io.out(t.toString());
  doc.dns.batches.forEach((b, i) => {
    io.out(
      `  batch ${i + 1}: ${b.map((c) => `${c.Action} ${c.ResourceRecordSet.SetIdentifier ?? c.ResourceRecordSet.Name}`).join(', ')}`,
    );
  });
}

function estimates(doc: PlanDocument, io: Io): void {
  io.out(rtoLine(doc));
  for (const p of doc.estimate.phases) {
    io.out(`  ${phaseTitle(p.phase).padEnd(52)} ${seconds(p.seconds * 1000).padStart(12)}  ${p.source}`);
  }
  io.out(rpoLine(doc));
}

export function renderPlanText(doc: PlanDocument, io: Io): void {
  io.out(
    `Plan: fail over ${doc.app} (${doc.env}) from ${doc.from} to ${doc.to}${doc.account ? `, account ${doc.account}` : ''}`,
  );
  io.out('');
  checks(doc, io);
  io.out('');
  if (doc.refusals.length) {
    io.out(doc.forced ? 'Safety rules (overridden by --force):' : 'Safety rules refuse this change:');
    for (const r of doc.refusals) io.out(`  ${paint(io, 'red', r.id)}: ${r.reason}\n    fix: ${r.fix}`);
    io.out('');
  }
  stacks(doc, io);
  io.out('');
  dns(doc, io);
  io.out(afterFlipLine(doc));
  io.out('');
  steps(doc, io);
  io.out('');
  estimates(doc, io);
  io.out('');
  io.out(`Checksum of what this plan saw: ${doc.checksum}`);
  const colour = doc.verdict === 'ready' ? 'green' : doc.verdict === 'refused' ? 'red' : 'yellow';
  io.out(paint(io, colour, VERDICT_TEXT[doc.verdict]));
  io.out('Nothing was changed.');
}
