/**
 * Presenters: the engine emits typed events; these decide how they look. Interactive
 * (ora spinner per phase, live per-stack progress, inquirer prompts) on a TTY; plain
 * timestamped lines when not a TTY or in CI; NDJSON with --json.
 */
import type { AnswerOf, EngineEvent, EventSink, Question } from '../../engine/events.js';
import { stackStatus } from '../../ports/stack-status.js';
import { type Io, paint } from '../io.js';
import { dnsPlanLines, phaseTitle, progressLine, seconds } from './format.js';

export interface Presenter extends EventSink {
  /** Stop spinners before anything else is printed (errors, summaries). */
  stop(): void;
}

/**
 * Questions without a terminal get their default, and every default is the safe answer
 * (decline). Commands refuse to start without a TTY unless --yes, so this is a backstop.
 */
async function askOnTerminal<Q extends Question>(io: Io, q: Q): Promise<AnswerOf<Q>> {
  if (!io.stdinIsTTY) return q.default as AnswerOf<Q>;
  const { confirm, input } = await import('@inquirer/prompts');
  if (q.kind === 'confirm') {
    return (await confirm(
      { message: q.message, default: q.default },
      { output: process.stderr },
    )) as AnswerOf<Q>;
  }
  const typed = await input({ message: q.message }, { output: process.stderr });
  return typed.trim() as AnswerOf<Q>;
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
  };
}

export function plainPresenter(io: Io, startedAt = Date.now()): Presenter {
  const stamp = (at: number) => `[${seconds(Math.max(0, at - startedAt)).padStart(8)}]`;
  return {
    emit(e: EngineEvent) {
      if (e.code === 'phase-start') io.out(`${stamp(e.at)} ${phaseTitle(e.data.phase, e.data.step)}...`);
      else if (e.code === 'phase-end') {
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
    ask: (q) => askOnTerminal(io, q),
    stop: () => {},
  };
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
  return {
    emit(e: EngineEvent) {
      if (e.code === 'phase-start') {
        stacks.clear();
        title = phaseTitle(e.data.phase, e.data.step);
        spinner = ora({ text: title, stream: process.stderr }).start();
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
      return askOnTerminal(io, q);
    },
    stop() {
      spinner?.stop();
      spinner = undefined;
    },
  };
}

export async function choosePresenter(io: Io, json: boolean): Promise<Presenter> {
  if (json) return ndjsonPresenter(io);
  if (io.interactive) return interactivePresenter(io);
  return plainPresenter(io);
}
