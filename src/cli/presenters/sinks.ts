/**
 * Presenters: the engine emits typed events; these decide how they look. Interactive
 * (ora spinner per phase, live per-stack progress, inquirer prompts) on a TTY; plain
 * timestamped lines when not a TTY or in CI; NDJSON with --json.
 */
import type { AnswerOf, EngineEvent, EventSink, Question } from '../../engine/events.js';
import { DrctlError } from '../../errors.js';
import { stackStatus } from '../../ports/stack-status.js';
import { type Io, paint } from '../io.js';
import { dnsPlanLines, phaseTitle, progressLine, seconds } from './format.js';

export interface Presenter extends EventSink {
  /** Stop spinners before anything else is printed (errors, summaries). */
  stop(): void;
  /** Set by withInterrupts: a prompt open when a signal arrives gives up. */
  signal?: AbortSignal;
  /** The phase in progress, for "still waiting for ..." messages. */
  waitingOn(): string | undefined;
}

/**
 * The operator left the prompt: Ctrl-C in it (inquirer's ExitPromptError, raw mode
 * swallows the SIGINT), or a SIGINT/SIGTERM/SIGHUP from outside (AbortPromptError).
 * That is an interruption before any change, never a bug.
 */
function promptInterrupted(e: unknown): boolean {
  const name = (e as Error | undefined)?.name;
  return name === 'ExitPromptError' || name === 'AbortPromptError' || name === 'CancelPromptError';
}

/**
 * Questions without a terminal get their default, and every default is the safe answer
 * (decline). Commands refuse to start without a TTY unless --yes, so this is a backstop.
 */
async function askOnTerminal<Q extends Question>(io: Io, q: Q, signal?: AbortSignal): Promise<AnswerOf<Q>> {
  if (!io.stdinIsTTY) return q.default as AnswerOf<Q>;
  if (signal?.aborted) throw interruptedAtPrompt();
  const { confirm, input } = await import('@inquirer/prompts');
  const context = {
    output: io.terminal?.output ?? process.stderr,
    input: io.terminal?.input ?? process.stdin,
    ...(signal ? { signal } : {}),
  };
  try {
    if (q.kind === 'confirm') {
      return (await confirm({ message: q.message, default: q.default }, context)) as AnswerOf<Q>;
    }
    const typed = await input({ message: q.message }, context);
    return typed.trim() as AnswerOf<Q>;
  } catch (e) {
    if (promptInterrupted(e)) throw interruptedAtPrompt(e);
    throw e;
  }
}

function interruptedAtPrompt(cause?: unknown): DrctlError {
  return new DrctlError('ABORTED', 'interrupted at the confirmation prompt; nothing was changed', {
    source: 'user',
    ...(cause ? { cause } : {}),
  });
}

export function ndjsonPresenter(io: Io): Presenter {
  return {
    emit: (e) =>
      io.out(JSON.stringify({ type: 'event', code: e.code, at: new Date(e.at).toISOString(), data: e.data })),
    ask: async (q) => {
      io.out(JSON.stringify({ type: 'question', id: q.id, answered: q.default, reason: 'non-interactive' }));
      return q.default as AnswerOf<typeof q>;
    },
    stop: () => {},
    waitingOn: () => undefined,
  };
}

export function plainPresenter(io: Io, startedAt = Date.now()): Presenter {
  const stamp = (at: number) => `[${seconds(Math.max(0, at - startedAt)).padStart(8)}]`;
  let current: string | undefined;
  const self: Presenter = {
    emit(e: EngineEvent) {
      if (e.code === 'phase-start') {
        current = phaseTitle(e.data.phase, e.data.step);
        io.out(`${stamp(e.at)} ${current}...`);
      } else if (e.code === 'phase-end') {
        current = undefined;
        const t = phaseTitle(e.data.phase, e.data.step);
        if (e.data.result === 'ok')
          io.out(`${stamp(e.at)} ${paint(io, 'green', 'ok')} ${t} (${seconds(e.data.durationMs)})`);
        else if (e.data.result === 'skipped') io.out(`${stamp(e.at)} skipped ${t} (already done)`);
        else io.out(`${stamp(e.at)} ${paint(io, 'red', 'FAILED')} ${t}: ${e.data.error ?? ''}`);
      } else if (e.code === 'dns-plan') {
        for (const l of dnsPlanLines(e.data.batches)) io.out(`${stamp(e.at)}   ${l}`);
      } else {
        const line = progressLine(e);
        if (line) io.out(`${stamp(e.at)}   ${line}`);
      }
    },
    ask: (q) => askOnTerminal(io, q, self.signal),
    stop: () => {},
    waitingOn: () => current,
  };
  return self;
}

export async function interactivePresenter(io: Io): Promise<Presenter> {
  const { default: ora } = await import('ora');
  let spinner: ReturnType<typeof ora> | undefined;
  let title = '';
  const stacks = new Map<string, string>();
  const render = (detail?: string) => {
    if (!spinner) return;
    const parts = [...stacks.entries()].map(([s, st]) => `${s} ${st}`);
    spinner.text = `${title}${parts.length ? `\n    ${parts.join('\n    ')}` : ''}${detail ? `\n    ${detail}` : ''}`;
  };
  const stream = (io.terminal?.output ?? process.stderr) as NodeJS.WriteStream;
  const self: Presenter = {
    emit(e: EngineEvent) {
      if (e.code === 'phase-start') {
        stacks.clear();
        title = phaseTitle(e.data.phase, e.data.step);
        spinner = ora({ text: title, stream }).start();
      } else if (e.code === 'phase-end') {
        const t = phaseTitle(e.data.phase, e.data.step);
        if (e.data.result === 'ok') spinner?.succeed(`${t} ${paint(io, 'dim', seconds(e.data.durationMs))}`);
        else if (e.data.result === 'skipped') spinner?.info(`${t} (already done)`);
        else spinner?.fail(`${t}: ${e.data.error ?? ''}`);
        spinner = undefined;
      } else if (e.code === 'stack-status') {
        stacks.set(e.data.stack, e.data.status);
        render();
      } else if (e.code === 'dns-plan') {
        // Shown in full, above the prompt: the operator must see exactly what will change.
        spinner?.clear();
        for (const l of dnsPlanLines(e.data.batches)) io.err(`  ${l}`);
        spinner?.render();
      } else {
        const line = progressLine(e);
        if (!line) return;
        // Failures and warnings must stay on screen; the rest just updates the spinner.
        if (e.code === 'warning' || (e.code === 'stack-event' && stackStatus.isFailed(e.data.status))) {
          spinner?.clear();
          io.err(paint(io, 'yellow', `  ${line}`));
          spinner?.render();
        } else render(line);
      }
    },
    async ask(q) {
      spinner?.stop();
      return askOnTerminal(io, q, self.signal);
    },
    stop() {
      spinner?.stop();
      spinner = undefined;
    },
    waitingOn: () => (spinner ? title : undefined),
  };
  return self;
}

export async function choosePresenter(io: Io, json: boolean): Promise<Presenter> {
  if (json) return ndjsonPresenter(io);
  if (io.interactive) return interactivePresenter(io);
  return plainPresenter(io);
}
