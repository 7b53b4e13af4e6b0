/**
 * Every `--json` result says how the command ended: `exitCode` is the process's exit code
 * (docs/exit-codes.md), so a scheduler reading the JSON never has to get it elsewhere.
 * Events and questions are not results and carry none.
 */
import type { Io } from './io.js';

export function printResult(
  io: Pick<Io, 'out'>,
  type: string,
  body: object,
  exitCode: number,
  opts: { pretty?: boolean } = {},
): number {
  io.out(JSON.stringify({ type, exitCode, ...body }, null, opts.pretty ? 2 : undefined));
  return exitCode;
}
