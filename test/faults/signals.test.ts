/**
 * The fault matrix, part 3: signals, which only a real process can receive. `drctl
 * failover --json` runs against the emulator through the fault proxy; at a chosen event
 * it gets SIGINT, SIGTERM or SIGKILL; after a SIGKILL the operator's `resume` or
 * `rollback <run-id>` must finish the job. The same invariants as the in-process cases
 * are checked on the emulator, the proxy's record and the journal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/engine/events.js';
import { FileJournal } from '../../src/local/file-journal.js';
import { RecordingSink } from '../fakes/sink.js';
import { emulatorEnv } from '../harness/aws-clients.js';
import { PtyCli } from '../helpers/pty-cli.js';
import { runCli } from '../helpers/run-cli.js';
import { LiveCli } from '../helpers/spawn-cli.js';
import type { Expectation } from './case.js';
import { recordJson } from './dns-state.js';
import { type FaultWorld, startFaultWorld } from './fault-world.js';
import { check } from './run-case.js';

let fw: FaultWorld;
beforeAll(async () => {
  fw = await startFaultWorld();
});
afterAll(async () => {
  await fw?.stop();
});

/** The CLI's NDJSON events as the engine emitted them, for the shared checks. */
function sinkOf(lines: string): RecordingSink {
  const sink = new RecordingSink();
  for (const line of lines.split('\n')) {
    try {
      const e = JSON.parse(line) as { type?: string; code?: string; at?: string; data?: unknown };
      if (e.type === 'event')
        sink.events.push({ code: e.code, at: Date.parse(e.at ?? ''), data: e.data } as EngineEvent);
    } catch {
      // a human line: not an event
    }
  }
  return sink;
}

interface SignalCase {
  at: string;
  signal: 'SIGINT' | 'SIGTERM' | 'SIGKILL';
  /** The event after which the signal is sent. */
  after: (e: { code?: string; data?: Record<string, unknown> }) => boolean;
  /** Seconds Route 53 keeps changes PENDING during the run (a window to be killed in). */
  pending?: number;
  expect: Expectation | { killed: true };
  next?: { command: 'resume' | 'rollback'; expect: Expectation };
}

const flipped: Expectation = { exit: 0, dns: 'new', finished: 'flipped' };
const inDeploy = (e: { code?: string }) => e.code === 'stack-status';
const flipSent = (e: { code?: string }) => e.code === 'dns-change-submitted';

const CASES: SignalCase[] = [
  {
    at: 'signal: during deploy',
    signal: 'SIGINT',
    after: inDeploy,
    expect: { exit: 4, dns: 'seeded', finished: 'aborted' },
    next: { command: 'resume', expect: flipped },
  },
  {
    at: 'signal: during the pre-flip probe',
    signal: 'SIGTERM',
    after: (e) => e.code === 'probe-attempt',
    expect: { exit: 4, dns: 'seeded', finished: 'aborted' },
  },
  {
    at: 'signal: after the flip, awaiting INSYNC',
    signal: 'SIGTERM',
    after: flipSent,
    pending: 1,
    expect: { exit: 4, dns: 'seeded', finished: 'rolled-back' },
  },
  {
    at: 'signal: after the flip, awaiting INSYNC',
    signal: 'SIGINT',
    after: flipSent,
    pending: 1,
    expect: { exit: 4, dns: 'seeded', finished: 'rolled-back' },
  },
  {
    at: 'signal: during deploy',
    signal: 'SIGKILL',
    after: inDeploy,
    expect: { killed: true },
    next: { command: 'resume', expect: flipped },
  },
  {
    at: 'signal: after the flip, awaiting INSYNC',
    signal: 'SIGKILL',
    after: flipSent,
    pending: 3,
    expect: { killed: true },
    next: { command: 'rollback', expect: { exit: 0, dns: 'seeded', finished: 'rolled-back' } },
  },
  {
    at: 'signal: after the flip, awaiting INSYNC',
    signal: 'SIGKILL',
    after: flipSent,
    pending: 3,
    expect: { killed: true },
    next: { command: 'resume', expect: flipped },
  },
];

const caseTitle = (c: SignalCase) => `${c.at} | ${c.signal}${c.next ? ` -> ${c.next.command}` : ''}`;

describe('fault matrix: signals to the real CLI', () => {
  for (const c of CASES) {
    it(caseTitle(c), async () => {
      await fw.reset();
      const env = emulatorEnv(fw.proxy.endpoint);
      const seeded = await recordJson(fw.emulator.endpoint, fw.world);
      await fw.emulator.configure({ route53PendingSeconds: c.pending ?? 0 });
      const args = ['failover', fw.target, '--yes', '--json', '-c', fw.configPath];
      const live = new LiveCli(args, env);
      const runId = String((await live.event('run-start')).data?.runId);
      await live.waitFor((e) => e.type === 'event' && c.after(e), 'the moment to signal');
      live.child.kill(c.signal);
      const ended = await live.exited;
      const violations: string[] = [];
      if ('killed' in c.expect) {
        if (ended.signal !== 'SIGKILL')
          violations.push(`expected death by SIGKILL, got ${JSON.stringify(ended)}`);
      } else {
        const run = { exit: ended.code ?? -1, sink: sinkOf(live.stdout), runId, seeded };
        violations.push(...(await check(fw, c.expect, run)));
      }
      if (c.next) {
        fw.spend();
        fw.proxy.clear();
        await fw.emulator.configure({ route53PendingSeconds: 0 });
        const next = await runCli([c.next.command, runId, '--yes', '--json', '-c', fw.configPath], {
          env,
          timeoutMs: 60_000,
        });
        const run = { exit: next.code ?? -1, sink: sinkOf(next.stdout), runId, seeded };
        violations.push(
          ...(await check(fw, c.next.expect, run)).map((v) => `after ${c.next!.command}: ${v}`),
        );
      }
      expect(violations, live.stderr).toEqual([]);
    });
  }
});

/** The runs this case started, from the journal folder (text output names no run id up front). */
async function latestRunId(): Promise<string> {
  const runs = await new FileJournal(fw.journalDir).list();
  if (!runs[0]) throw new Error('no run was journaled');
  return runs[0].runId;
}

interface PromptCase {
  how: string;
  interrupt: (cli: PtyCli) => void;
}

const PROMPT_CASES: PromptCase[] = [
  { how: 'Ctrl-C typed into the prompt', interrupt: (cli) => cli.type('\x03') },
  { how: 'SIGINT', interrupt: (cli) => process.kill(cli.drctlPid(), 'SIGINT') },
  { how: 'SIGTERM', interrupt: (cli) => process.kill(cli.drctlPid(), 'SIGTERM') },
  { how: 'SIGHUP (the SSH session dropped)', interrupt: (cli) => process.kill(cli.drctlPid(), 'SIGHUP') },
];

describe('fault matrix: signals at the confirmation prompt (real CLI on a terminal)', () => {
  for (const c of PROMPT_CASES) {
    it(`signal: at the prompt | ${c.how}`, async () => {
      await fw.reset();
      const env = emulatorEnv(fw.proxy.endpoint);
      const seeded = await recordJson(fw.emulator.endpoint, fw.world);
      const cli = new PtyCli(['failover', fw.target, '-c', fw.configPath], env);
      await cli.waitForOutput(/Type the target region to confirm/, 'the confirmation prompt');
      c.interrupt(cli);
      const ended = await cli.exited;
      const runId = await latestRunId();
      const run = { exit: ended.code ?? -1, sink: new RecordingSink(), runId, seeded };
      const violations = await check(fw, { exit: 4, dns: 'seeded', finished: 'aborted' }, run);
      if (/This is a bug/.test(cli.output)) violations.push('called a bug');
      if (!cli.output.includes(`drctl resume ${runId}`)) violations.push('does not say how to resume');
      // A terminal reporting 0 columns gets plain lines, never spinner frames.
      const HIDE_CURSOR = `${String.fromCharCode(27)}[?25l`;
      if (cli.output.includes(HIDE_CURSOR) || /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/.test(cli.output))
        violations.push('drew a spinner on a 0-column terminal');
      expect(violations, cli.output).toEqual([]);
    });
  }
});
