/** Entry point: parse, run one command, render any error once, return the exit code. */
import { CommanderError } from 'commander';
import { ExitCode } from '../errors.js';
import { type Io, processIo } from './io.js';
import { buildProgram, type ProgramState } from './program.js';
import { renderError } from './render-error.js';

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const state: ProgramState = { exitCode: ExitCode.Success };
  const program = buildProgram(io, state);
  if (argv.length <= 2) {
    program.outputHelp();
    return ExitCode.Usage;
  }
  try {
    await program.parseAsync(argv);
    return state.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version are successes; every other parse error is a usage error (already printed).
      if (
        e.code === 'commander.helpDisplayed' ||
        e.code === 'commander.version' ||
        e.code === 'commander.help'
      ) {
        return ExitCode.Success;
      }
      return ExitCode.Usage;
    }
    const raw = argv.slice(2);
    return renderError(e, io, {
      json: raw.includes('--json'),
      verbose: raw.includes('--verbose') || raw.includes('-v'),
    });
  }
}

/**
 * The process entry point (bin/drctl): real streams, and a signal outside any run ends the
 * command with exit 4 and a sentence instead of a silent death (src/cli/signals.ts).
 */
export async function runProcess(argv: string[]): Promise<number> {
  const io = processIo();
  const { exitOnSignalOutsideRuns } = await import('./signals.js');
  const uninstall = exitOnSignalOutsideRuns(io, (code) => process.exit(code));
  const stopReporting = (await import('./slow-calls.js')).reportSlowCalls(io);
  try {
    return await main(argv, io);
  } finally {
    stopReporting();
    uninstall();
  }
}
