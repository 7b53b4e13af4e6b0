/**
 * The terminal presenter writes only through its Io (spinner and prompts on
 * `io.terminal`), so it can be driven here with in-memory streams: the typed
 * confirmation, and a signal or Ctrl-C at the prompt (an interruption, never a bug).
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { canAnimate, type Io } from '../../../src/cli/io.js';
import { interactivePresenter } from '../../../src/cli/presenters/sinks.js';
import type { EngineEvent } from '../../../src/engine/events.js';

function terminalIo() {
  // What ora needs of a TTY stream, without a terminal.
  const output = Object.assign(new PassThrough(), {
    isTTY: true,
    columns: 80,
    cursorTo: () => true,
    moveCursor: () => true,
    clearLine: () => true,
  });
  const input = new PassThrough();
  let drawn = '';
  output.on('data', (d: Buffer) => {
    drawn += d;
  });
  const lines: string[] = [];
  const io: Io = {
    out: (t) => lines.push(t),
    err: (t) => lines.push(t),
    interactive: true,
    color: false,
    stdinIsTTY: true,
    terminal: { output, input },
  };
  return { io, input, lines, drawn: () => drawn };
}

const ev = (code: string, data: Record<string, unknown>): EngineEvent =>
  ({ code, at: 0, data }) as EngineEvent;
const question = {
  kind: 'type-to-confirm' as const,
  id: 'confirm-flip',
  message: 'Type the target region to confirm',
  expected: 'us-west-2',
  default: '',
};

describe('the terminal presenter', () => {
  it('draws phases on its terminal stream and keeps the DNS plan on screen', async () => {
    const t = terminalIo();
    const p = await interactivePresenter(t.io);
    p.emit(ev('phase-start', { phase: 'snapshot' }));
    expect(p.waitingOn()).toBe('Snapshotting the record sets');
    p.emit(ev('dns-plan', { batches: [[]], comment: 'c' }));
    p.emit(ev('phase-end', { phase: 'snapshot', durationMs: 1200, result: 'ok' }));
    p.stop();
    expect(t.drawn()).toContain('Snapshotting the record sets');
    expect(p.waitingOn()).toBeUndefined();
  });

  it('reads the typed confirmation from its terminal', async () => {
    const t = terminalIo();
    const p = await interactivePresenter(t.io);
    const answer = p.ask(question);
    setTimeout(() => t.input.write('us-west-2\n'), 50);
    await expect(answer).resolves.toBe('us-west-2');
  });

  it('a signal at the prompt ends it as an interruption (ABORTED, exit 4), not a bug', async () => {
    const t = terminalIo();
    const p = await interactivePresenter(t.io);
    const ac = new AbortController();
    p.signal = ac.signal;
    const answer = p.ask(question);
    setTimeout(() => ac.abort(), 50);
    await expect(answer).rejects.toMatchObject({ code: 'ABORTED', exitCode: 4 });
  });

  it('Ctrl-C typed at the prompt is an interruption too', async () => {
    const t = terminalIo();
    const p = await interactivePresenter(t.io);
    const answer = p.ask(question);
    // readline turns the Ctrl-C key into 'SIGINT' on its interface; inquirer rejects.
    setTimeout(() => t.input.write('\x03'), 50);
    await expect(answer).rejects.toMatchObject({ code: 'ABORTED' });
  });
});

describe('which terminals get a spinner', () => {
  it('only a TTY with a width, outside CI, and not TERM=dumb', () => {
    expect(canAnimate({ TERM: 'xterm' }, { isTTY: true, columns: 80 })).toBe(true);
    expect(canAnimate({ TERM: 'xterm' }, { isTTY: true, columns: 0 })).toBe(false);
    expect(canAnimate({ TERM: 'dumb' }, { isTTY: true, columns: 80 })).toBe(false);
    expect(canAnimate({ TERM: 'xterm', CI: 'true' }, { isTTY: true, columns: 80 })).toBe(false);
    expect(canAnimate({ TERM: 'xterm' }, { isTTY: false, columns: 80 })).toBe(false);
  });
});
