/**
 * The command tree. Each action lazily imports its module and calls one async function
 * that returns an exit code (STYLE.md 8): `drctl --help` loads neither the SDK nor the engine.
 */
import { Command, Option } from 'commander';
import { drctlVersion } from '../version.js';
import { type Context, createContext, parseGlobals } from './context.js';
import type { Io } from './io.js';

export type Runner = (ctx: Context) => Promise<number>;

/** The exit code of the last action, read by main(). */
export interface ProgramState {
  exitCode: number;
}

const examples = (lines: string[]) => `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;

export function buildProgram(io: Io, state: ProgramState): Command {
  const program = new Command('drctl');
  program
    .description('Disaster-recovery failover for a containerised website on AWS.')
    .version(drctlVersion(), '-V, --version', 'print the version')
    .option('-c, --config <path>', 'config file', './drctl.yaml')
    .option('--profile <name>', 'AWS named profile (default: the standard credential chain)')
    .option(
      '--endpoint-url <url>',
      'send AWS calls to this endpoint, e.g. a local emulator (default: AWS_ENDPOINT_URL)',
    )
    .option('--json', 'machine-readable output (JSON; NDJSON events for long commands)')
    .option('-v, --verbose', 'more detail, including stack traces of errors')
    .configureOutput({
      writeOut: (s) => io.out(s.replace(/\n$/, '')),
      writeErr: (s) => io.err(s.replace(/\n$/, '')),
    })
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();

  const run = (load: () => Promise<Runner>) =>
    async function (this: Command) {
      const ctx = createContext(parseGlobals(this.optsWithGlobals()), io);
      state.exitCode = await (await load())(ctx);
    };

  program
    .command('status')
    .description('show where the record points, which region serves traffic, and drctl stacks per region')
    .addHelpText(
      'after',
      examples([
        'drctl status',
        'drctl status --json',
        'drctl status --endpoint-url http://127.0.0.1:5000 -c examples/drctl.yaml',
      ]),
    )
    .action(run(async () => (await import('./commands/status.js')).statusCommand));

  const config = program.command('config').description('check the drctl.yaml configuration');
  config
    .command('validate')
    .description('validate drctl.yaml offline: every problem as one sentence; exit 2 when invalid')
    .addHelpText(
      'after',
      examples(['drctl config validate', 'drctl config validate -c prod/drctl.yaml --json']),
    )
    .action(run(async () => (await import('./commands/config-validate.js')).configValidateCommand));

  program
    .command('init')
    .description('write a commented starter drctl.yaml (asks a few questions, or takes flags with --yes)')
    .option('--app <name>', 'application name (stack prefix)')
    .option('--primary-region <region>', 'region that serves traffic today')
    .option('--target-regions <regions>', 'comma-separated regions drctl may fail over to')
    .option('--hosted-zone <zone>', 'hosted zone name or id')
    .option('--record <name>', 'public host name whose record drctl moves')
    .option('--image <ref>', 'container image; {region} becomes the target region')
    .addOption(
      new Option('--routing <policy>', 'routing policy').choices([
        'simple',
        'failover',
        'weighted',
        'latency',
      ]),
    )
    .option('-y, --yes', 'do not ask; take flags and defaults')
    .option('--force', 'overwrite an existing config file')
    .addHelpText(
      'after',
      examples([
        'drctl init',
        'drctl init --yes --app shop --primary-region ap-southeast-1 --target-regions us-east-1 --hosted-zone example.com --record www.example.com',
      ]),
    )
    .action(
      run(async () => {
        const { initCommand } = await import('./commands/init.js');
        return (ctx) => initCommand(ctx, program.commands.find((c) => c.name() === 'init')!.opts());
      }),
    );

  return program;
}
