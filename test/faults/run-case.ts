/**
 * Runs one fault case in-process (real engine, real adapters, the proxy, the emulator)
 * and returns what broke: an empty list means every invariant held.
 */
import { AcmCertificates } from '../../src/aws/acm-certificates.js';
import { exitCodeOfOutcome } from '../../src/cli/exit-codes.js';
import { failover, resumeRun } from '../../src/engine/index.js';
import { rollbackRun } from '../../src/engine/rollback.js';
import { exitCodeOf, isDrctlError } from '../../src/errors.js';
import { FileJournal } from '../../src/local/file-journal.js';
import { dataField, type JournalEntry } from '../../src/ports/journal.js';
import { RecordingSink } from '../fakes/sink.js';
import { isMutation, type ProxiedCall } from '../harness/fault-proxy.js';
import { type Expectation, type FaultCase, isLockChange } from './case.js';
import { lockRecord, recordJson } from './dns-state.js';
import type { FaultWorld } from './fault-world.js';

export interface CaseRun {
  exit: number;
  outcome: string;
  violations: string[];
}

let counter = 0;
/** A run id no other case of this process uses. */
const nextRunId = (fw: FaultWorld) => `faults-${++counter}-${fw.target}`;

/**
 * Which journal entry must announce a mutating call before it is made, as `kind step`:
 * a step's intent, or (breaking another run's lock) the `lock-broken` record.
 */
function stepFor(call: ProxiedCall): RegExp | undefined {
  if (call.operation === 'ChangeResourceRecordSets') {
    if (!isLockChange(call.body)) return /^step-intent (flip:\d+|rollback)$/;
    return call.body.includes('<Action>CREATE</Action>')
      ? /^step-intent lock$/
      : /^(step-intent release-lock|lock-broken lock)$/;
  }
  if (call.operation === 'CreateStack' || call.operation === 'UpdateStack') {
    const name = new URLSearchParams(call.body).get('StackName');
    return new RegExp(`^step-intent deploy:${name}$`);
  }
  return undefined;
}

function journalViolations(entries: JournalEntry[], calls: ProxiedCall[], finished?: string): string[] {
  const out: string[] = [];
  for (const call of calls.filter(isMutation)) {
    const step = stepFor(call);
    if (!step) {
      out.push(`${call.service} ${call.operation} is a mutation no journal step names`);
      continue;
    }
    const intent = entries.find((e) => step.test(`${e.kind} ${e.step ?? ''}`) && Date.parse(e.at) <= call.at);
    if (!intent) out.push(`${call.operation} (#${call.seq}) was made without a prior intent ${step}`);
  }
  const last = [...entries].reverse().find((e) => e.kind === 'run-finished');
  const said = dataField(last, 'outcome');
  if (finished !== undefined && said !== finished)
    out.push(`journal ends ${String(said)}, expected ${finished}`);
  return out;
}

export async function check(
  fw: FaultWorld,
  e: Expectation,
  run: { exit: number; sink: RecordingSink; runId: string; seeded: string },
): Promise<string[]> {
  const v: string[] = [];
  if (run.exit !== e.exit) v.push(`exit ${run.exit}, documented ${e.exit}`);
  const now = await recordJson(fw.emulator.endpoint, fw.world);
  if (e.dns === 'seeded' && now !== run.seeded) v.push(`DNS is not the snapshot: ${now}`);
  if (e.dns === 'new') {
    const alias =
      (JSON.parse(now) as { AliasTarget?: { DNSName?: string } }[])[0]?.AliasTarget?.DNSName ?? '';
    // The first set the flip CREATEs points at the new ALB (DELETEs name the old values).
    const created = (run.sink.of('dns-plan').at(-1)?.batches ?? [])
      .flat()
      .find((c) => c.Action === 'CREATE' && c.ResourceRecordSet.AliasTarget);
    const want = (created?.ResourceRecordSet.AliasTarget?.DNSName ?? '(no new ALB)')
      .toLowerCase()
      .replace(/\.$/, '');
    if (!alias.toLowerCase().replace(/\.$/, '').endsWith(want))
      v.push(`DNS ${alias} is not the new ALB ${want}`);
  }
  // Invariant 1: no record change before the pre-flip probe passed, in this run's events.
  const events = run.sink.events;
  const firstChange = events.findIndex(
    (x) => x.code === 'dns-change-submitted' && / failover /.test(x.data.comment),
  );
  const probed = events.findIndex(
    (x) => x.code === 'phase-end' && x.data.phase === 'pre-flip-probe' && x.data.result === 'ok',
  );
  if (firstChange >= 0 && (probed < 0 || probed > firstChange))
    v.push('DNS changed before the pre-flip probe passed');
  const journal = new FileJournal(fw.journalDir);
  const entries = await journal.read(run.runId).catch(() => [] as JournalEntry[]);
  v.push(...journalViolations(entries, fw.proxy.calls, e.finished));
  const lock = await lockRecord(fw.emulator.endpoint, fw.world);
  const want = e.lock ?? 'released';
  const warned = run.sink.of('warning').some((w) => /could not release the lock/.test(String(w.message)));
  if (want === 'released' && lock) v.push(`the lock is still held: ${JSON.stringify(lock.ResourceRecords)}`);
  if (want === 'released' && !lock && warned) v.push('a warning says the lock was kept, but it was released');
  if (want === 'reported' && !(lock && warned)) v.push('the lock was kept without a warning saying so');
  if (want === 'foreign' && !lock?.ResourceRecords?.[0]?.Value?.includes('runId=other-run'))
    v.push('the other run lost its lock');
  return v;
}

async function attempt(
  fn: () => Promise<{ kind: string }>,
  exitOf: (o: { kind: string }) => number,
): Promise<{ exit: number; outcome: string }> {
  try {
    const o = await fn();
    return { exit: exitOf(o), outcome: o.kind };
  } catch (e) {
    return { exit: exitCodeOf(e), outcome: isDrctlError(e) ? `${e.code}: ${e.message}` : String(e) };
  }
}

export async function runCase(fw: FaultWorld, c: FaultCase): Promise<CaseRun> {
  await fw.reset();
  const runId = nextRunId(fw);
  const seeded = await recordJson(fw.emulator.endpoint, fw.world);
  await c.before?.(fw);
  for (const rule of c.faults ?? []) fw.proxy.inject(rule);
  const wired = fw.wire();
  const controller = new AbortController();
  const sink = new RecordingSink();
  sink.onEvent = (e) => void c.onEvent?.(e, { fw, abort: () => controller.abort() });
  const ports = c.journal ? { ...wired.ports, journal: c.journal(wired.ports.journal) } : wired.ports;
  // What `drctl failover` reads before the engine starts (run-setup.ts), through the proxy too.
  const first = await attempt(
    async () => {
      await ports.dns.findHostedZone('example.com.');
      await new AcmCertificates(wired.factory).find(fw.target, 'www.example.com');
      let input = await fw.input(runId);
      if (c.input) input = c.input(input);
      return failover(input, ports, sink, controller.signal);
    },
    (o) => exitCodeOfOutcome(o as never),
  );
  const violations = await check(fw, c.expect, { ...first, sink, runId, seeded });
  wired.close();
  if (!c.next) return { ...first, violations };

  // The operator's next move, faults gone: resume or roll back by run id.
  fw.spend();
  fw.proxy.clear();
  await fw.emulator.configure({ route53PendingSeconds: 0 });
  fw.app.setHealthy(true);
  const again = fw.wire();
  const sink2 = new RecordingSink();
  const next = await attempt(
    async () =>
      c.next!.command === 'resume'
        ? resumeRun(runId, await fw.input(runId), again.ports, sink2)
        : // --yes: without a terminal the CLI refuses to roll back without it.
          rollbackRun(runId, again.ports, sink2, {
            operator: { holder: 'faults', host: 'matrix' },
            yes: true,
          }),
    (o) => (o.kind === 'rolled-back' ? 3 : o.kind === 'aborted' ? 4 : 0),
  );
  const more = await check(fw, c.next.expect, { ...next, sink: sink2, runId, seeded });
  again.close();
  return { ...next, violations: [...violations, ...more.map((m) => `after ${c.next!.command}: ${m}`)] };
}
