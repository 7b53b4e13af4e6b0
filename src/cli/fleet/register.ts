/**
 * `drctl fleet ...`: the commands over a fleet file. Registration only (commander): each
 * action lazily imports its module, so `drctl --help` loads nothing more.
 */
import { type Command, Option } from 'commander';
import type { Context } from '../context.js';

type Action = (
  load: () => Promise<(ctx: Context, ...rest: never[]) => Promise<number>>,
) => (this: Command, ...args: unknown[]) => Promise<void>;

const examples = (lines: string[]) => `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;

export function registerFleet(program: Command, runWith: Action): void {
  const fleet = program
    .command('fleet')
    .description('fail over many applications as one operation: waves, a concurrency limit, one API budget');
  const common = (c: Command) =>
    c
      .argument('<region>', 'the region to move traffic to (one of every app config targetRegions)')
      .option('--fleet <file>', 'the fleet file listing the app configs (default: ./fleet.yaml)');
  const running = (c: Command) =>
    common(c)
      .option('-y, --yes', 'do not ask for the one confirmation (required without a terminal)')
      .option('--concurrency <n>', 'apps at once within a wave (default: the fleet file concurrency, else 4)')
      .addOption(
        new Option(
          '--on-wave-failure <policy>',
          'continue: every wave runs; stop: a wave not all moved keeps later waves back (default: the fleet file, else continue)',
        ).choices(['continue', 'stop']),
      );
  const exits =
    '\nExit codes: 0 every app done, 10 some app not (the summary says which), 2 bad fleet file or config, 4 declined or interrupted, 7 an app rollback failed (docs/exit-codes.md).\n';

  common(fleet.command('plan'))
    .description('drctl plan for every app (reads only): verdicts, estimates and the fleet total')
    .addHelpText(
      'after',
      `${examples(['drctl fleet plan us-east-1 --fleet fleet.yaml'])}\nExit codes: 0 all ready, 1 some not ready, 5 some refused.\n`,
    )
    .action(runWith(async () => (await import('./plan.js')).fleetPlanCommand));
  running(fleet.command('failover'))
    .description('fail every app over to <region>, wave by wave, each with its own journal and lock')
    .addHelpText(
      'after',
      examples([
        'drctl fleet failover us-east-1 --fleet fleet.yaml',
        'drctl fleet failover us-east-1 --fleet fleet.yaml --yes --json > fleet.ndjson',
      ]) + exits,
    )
    .action(runWith(async () => (await import('./failover.js')).fleetFailoverCommand));
  common(fleet.command('status'))
    .description("each app's serving region now and its newest run to <region> (reads only)")
    .addHelpText('after', examples(['drctl fleet status us-east-1 --fleet fleet.yaml']))
    .action(runWith(async () => (await import('./status.js')).fleetStatusCommand));
  running(fleet.command('resume'))
    .description('drctl resume for every app whose newest run to <region> is unfinished')
    .addHelpText('after', examples(['drctl fleet resume us-east-1 --fleet fleet.yaml --yes']) + exits)
    .action(runWith(async () => (await import('./undo.js')).fleetResumeCommand));
  running(fleet.command('rollback'))
    .description('drctl rollback for every app whose newest run to <region> moved DNS or is unfinished')
    .addHelpText('after', examples(['drctl fleet rollback us-east-1 --fleet fleet.yaml --yes']) + exits)
    .action(runWith(async () => (await import('./undo.js')).fleetRollbackCommand));
}
