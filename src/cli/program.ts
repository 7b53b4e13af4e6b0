/**
 * The command tree. Each action lazily imports its module and calls one async function
 * that returns an exit code (STYLE.md 8): `drctl --help` loads neither the SDK nor the engine.
 */
import { Command, Option } from 'commander';
import { ENVIRONMENTS } from '../config/environments.js';
import { AFTER_FLIP_POLICIES } from '../engine/input.js';
import { drctlVersion } from '../version.js';
import { type Context, createContext, parseGlobals } from './context.js';
import { registerFleet } from './fleet/register.js';
import type { Io } from './io.js';

type Runner = (ctx: Context) => Promise<number>;

/** The exit code of the last action, read by main(). */
export interface ProgramState {
  exitCode: number;
}

/** `--after-flip`: the after-flip policy for one run (config failover.afterFlip otherwise). */
const afterFlipOption = () =>
  new Option(
    '--after-flip <policy>',
    'a failed check or Ctrl-C after the flip: rollback (unless the old region was found unhealthy), or hold the new record (default: config failover.afterFlip)',
  ).choices([...AFTER_FLIP_POLICIES]);

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

  /** For commands taking positional arguments and options: (ctx, ...args, opts). */
  const runWith = (load: () => Promise<(ctx: Context, ...rest: never[]) => Promise<number>>) =>
    async function (this: Command, ...args: unknown[]) {
      const ctx = createContext(parseGlobals(this.optsWithGlobals()), io);
      const positional = args.slice(0, this.registeredArguments.length);
      const fn = (await load()) as (ctx: Context, ...rest: unknown[]) => Promise<number>;
      state.exitCode = await fn(ctx, ...positional, this.opts());
    };

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

  program
    .command('failover')
    .description(
      'bring the stack up in <region>, prove it, move the Route 53 record, verify; roll back exactly on failure',
    )
    .argument(
      '<region>',
      'the region to move traffic to: one of the config targetRegions, or the primary to fail back',
    )
    .addOption(
      new Option(
        '--env <env>',
        'environment whose parameters to deploy (default: config defaultEnvironment)',
      ).choices(ENVIRONMENTS),
    )
    .option('-y, --yes', 'do not ask for confirmation (required without a terminal)')
    .addOption(afterFlipOption())
    .option('--dry-run', 'show the plan (same as drctl plan <region>); make no change at all')
    .option('--break-lock', 'take over a lock left by a dead run (asks first unless --yes)')
    .option('--force', 'run even if the record already routes to <region>')
    .option('--accept-rpo', 'go ahead although the data recovery point is older than data.maxRpoMinutes')
    .option(
      '--plan <file>',
      'run exactly this reviewed plan (drctl plan --out); refuse if the world changed since',
    )
    .option(
      '--allow-data-loss',
      'Global Database: fail over although the primary does not answer (unreplicated writes are lost)',
    )
    .addHelpText(
      'after',
      examples([
        'drctl failover us-east-1',
        'drctl failover us-east-1 --dry-run',
        'drctl plan us-east-1 --out plan.json && drctl failover us-east-1 --plan plan.json',
        'drctl failover us-east-1 --yes --json > failover.ndjson',
        'drctl failover us-west-2 --env test --yes',
        'drctl failover us-east-1 --after-flip hold',
      ]) +
        "\nWith switch.mode arc or s3-object (docs/data-plane.md) it sets the switch controls instead of the record, verifies on the zone's authoritative servers and rolls back by setting the controls back: no Route 53 control-plane call with switch.controlPlane avoid.\n" +
        '\nExit codes: 0 flipped and verified, 3 rolled back, 4 aborted, 5 refused, 6 lock held, 7 rollback failed, 9 held after a failed check (docs/exit-codes.md).\n',
    )
    .action(runWith(async () => (await import('./commands/failover.js')).failoverCommand));

  program
    .command('plan')
    .description(
      "dry run: check readiness, show the stack and DNS (or switch) changes a failover would make and each step's plane and region, change nothing",
    )
    .argument('<region>', 'the region a failover would go to (one of the config targetRegions)')
    .addOption(
      new Option('--env <env>', 'environment to plan (default: config defaultEnvironment)').choices([
        'prod',
        'test',
        'dev',
      ]),
    )
    .addOption(
      new Option(
        '--format <format>',
        'text for a terminal, md for a change ticket, json (default: text)',
      ).choices(['text', 'md', 'json']),
    )
    .option('--out <file>', 'also write the plan as JSON (version 1), for failover --plan')
    .option('--force', 'list the safety refusals but do not refuse (exit 0 when ready)')
    .option(
      '--change-sets',
      'create CloudFormation change sets for exact resource changes, then delete them (the only change plan makes)',
    )
    .addHelpText(
      'after',
      examples([
        'drctl plan us-east-1',
        'drctl plan us-east-1 --format md > change-ticket.md',
        'drctl plan us-east-1 --env test --json',
        'drctl plan us-east-1 --out plan.json && drctl failover us-east-1 --plan plan.json',
        'drctl plan us-east-1 --change-sets',
      ]) +
        '\nExit codes: 0 ready, 1 not ready (a check failed), 5 refused by a safety rule (docs/plan.md).\n',
    )
    .action(runWith(async () => (await import('./commands/plan.js')).planCommand));

  program
    .command('resume')
    .description('continue an interrupted failover from its last completed step')
    .argument('<run-id>', 'the run to continue (see drctl runs)')
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--break-lock', 'take over the lock if another run holds it')
    .option('--force', 'resume although the record changed since the run (a later run superseded it)')
    .addOption(afterFlipOption())
    .option('--accept-rpo', 'go ahead although the data recovery point is older than data.maxRpoMinutes')
    .option('--allow-data-loss', 'Global Database: fail over although the primary does not answer')
    .addHelpText('after', examples(['drctl runs', 'drctl resume 20261130-0142-us-east-1-a1b2']))
    .action(runWith(async () => (await import('./commands/resume.js')).resumeCommand));

  program
    .command('rollback')
    .description(
      "restore a run's DNS snapshot exactly and verify it (needs only the journal); a data-plane switch run's controls are set back (needs the config too)",
    )
    .argument('<run-id>', 'the run to undo (see drctl runs); a run that never changed DNS is closed')
    .option(
      '-y, --yes',
      'do not ask: neither for the region nor to break a lock (required without a terminal)',
    )
    .option('--break-lock', 'take over the lock if another run holds it')
    .option('--force', 'roll back although the record changed since the run (a later run superseded it)')
    .option(
      '--journal-dir <dir>',
      'where the journal is (default: the config journal.dir, else ~/.drctl/runs)',
    )
    .addHelpText(
      'after',
      examples([
        'drctl rollback 20261130-0142-us-east-1-a1b2',
        'drctl rollback 20261130-0142-us-east-1-a1b2 --yes --journal-dir ./evidence',
      ]) +
        '\nExit codes: 0 restored (or closed), 2 unknown run, 4 declined, 5 superseded by a later change, 7 restore failed.\n',
    )
    .action(runWith(async () => (await import('./commands/rollback.js')).rollbackCommand));

  program
    .command('teardown')
    .description(
      "delete drctl's stacks from a region that no longer serves traffic (refused while it does); retained resources are listed, not deleted",
    )
    .argument('<region>', 'the region to clear (the primary or one of the config targetRegions)')
    .addOption(
      new Option(
        '--env <env>',
        'environment whose stacks to delete (default: config defaultEnvironment)',
      ).choices(['prod', 'test', 'dev']),
    )
    .option('-y, --yes', 'do not ask for the typed region (required without a terminal)')
    .option('--dry-run', 'list what would be deleted and what is retained; change nothing')
    .addHelpText(
      'after',
      examples([
        'drctl teardown us-west-2 --dry-run',
        'drctl teardown us-west-2',
        'drctl teardown us-east-1 --env test --yes --json',
      ]) +
        '\nExit codes: 0 torn down (or nothing to do), 2 the region still serves or bad input, 4 declined, 6 lock held.\n',
    )
    .action(runWith(async () => (await import('./commands/teardown.js')).teardownCommand));

  program
    .command('runs')
    .description('list the runs in the journal folder, newest first, with their outcome')
    .option(
      '--journal-dir <dir>',
      'where the journals are (default: the config journal.dir, else ~/.drctl/runs)',
    )
    .addHelpText('after', examples(['drctl runs', 'drctl runs --json']))
    .action(runWith(async () => (await import('./commands/runs.js')).runsCommand));

  program
    .command('drill')
    .description(
      'rehearse a failover into <region> in drill stacks, measure the recovery time, tear it all down, report',
    )
    .argument('[region]', 'the region to rehearse a failover into (one of the config targetRegions)')
    .addOption(
      new Option(
        '--env <env>',
        'environment whose parameters to deploy (default: config defaultEnvironment)',
      ).choices(ENVIRONMENTS),
    )
    .option('-y, --yes', 'implied for a drill (it never asks); with --sweep: delete, not only list')
    .option('--keep', 'leave the drill up for inspection (remove it later with --sweep)')
    .option('--report-dir <dir>', 'write drill-<id>.json, .md, .junit.xml and .html here (default: none)')
    .option('--notify <url>', 'POST the JSON result to this webhook (default: none)')
    .option(
      '--rto-target <minutes>',
      'fail the drill above this recovery time (default: config drill.rtoTargetMinutes)',
    )
    .option('--accept-rpo', 'restore a snapshot older than data.maxRpoMinutes')
    .option('--sweep', 'find leftovers of earlier drills that died or were kept; a dry run unless --yes')
    .option(
      '--min-age <minutes>',
      'with --sweep: leave younger drills alone (default: config lock.staleAfterMinutes)',
    )
    .addHelpText(
      'after',
      examples([
        'drctl drill us-east-1 --report-dir reports/',
        'drctl drill us-east-1 --rto-target 30 --notify https://hooks.example.com/drills --json',
        'drctl drill us-east-1 --keep',
        'drctl drill --sweep',
        'drctl drill --sweep --yes --min-age 0',
      ]) +
        '\nExit codes: 0 passed, 1 failed or left resources behind, 2 bad input, 8 over the RTO target (docs/exit-codes.md).\n',
    )
    .action(runWith(async () => (await import('./commands/drill.js')).drillCommand));

  program
    .command('drills')
    .description('list past drills with their recovery time and its trend (from the journal folder)')
    .option('--region <region>', 'only drills into this region')
    .option('--limit <n>', 'at most this many, newest first (default: 20)')
    .option(
      '--journal-dir <dir>',
      'where the journals are (default: the config journal.dir, else ~/.drctl/runs)',
    )
    .addHelpText('after', examples(['drctl drills', 'drctl drills --region us-east-1 --json']))
    .action(runWith(async () => (await import('./commands/drills.js')).drillsCommand));

  registerFleet(program, runWith);

  const templates = program
    .command('templates')
    .description('list, validate and render the CloudFormation blueprint drctl deploys');
  templates
    .command('list')
    .description('the stacks, in deployment waves, with each parameter and where its value comes from')
    .addHelpText('after', examples(['drctl templates list']))
    .action(runWith(async () => (await import('./commands/templates.js')).templatesListCommand));
  templates
    .command('validate')
    .description('built-in checks of the blueprint, plus cfn-lint when it is installed; exit 1 on problems')
    .option('--no-lint', 'skip cfn-lint')
    .option('--require-lint', 'fail when cfn-lint is not installed')
    .addHelpText(
      'after',
      examples(['drctl templates validate', 'drctl templates validate --require-lint --json']),
    )
    .action(runWith(async () => (await import('./commands/templates.js')).templatesValidateCommand));
  templates
    .command('render')
    .description('the merged parameters of every stack for an environment and region (secrets masked)')
    .addOption(new Option('--env <env>', 'environment').choices(ENVIRONMENTS).makeOptionMandatory())
    .requiredOption('--region <region>', 'target region')
    .option('--app <name>', 'application name (default: the manifest defaultApp)')
    .option('--set <name=value...>', 'run-time values, e.g. CertificateArn=arn:...')
    .addHelpText(
      'after',
      examples([
        'drctl templates render --env prod --region us-east-1',
        'drctl templates render --env dev --region us-west-2 --json',
      ]),
    )
    .action(runWith(async () => (await import('./commands/templates.js')).templatesRenderCommand));

  program
    .command('iam-policy')
    .description('print the least-privilege IAM policy an operator role needs to run drctl (offline)')
    .option(
      '--commands <list>',
      'comma-separated: failover, resume, rollback, status, plan, drill, teardown (default: all of them)',
    )
    .option('--zone-id <id>', 'hosted zone id, when the config names the zone by name')
    .addHelpText(
      'after',
      examples([
        'drctl iam-policy > drctl-operator.json',
        'drctl iam-policy --commands plan,status --zone-id Z0123456789ABC',
        'aws iam create-policy --policy-name drctl-operator --policy-document "$(drctl iam-policy)"',
      ]) +
        "\nThe stacks themselves are created with the caller's rights unless CloudFormation is given a service role; see docs/reliability.md.\n",
    )
    .action(runWith(async () => (await import('./commands/iam-policy.js')).iamPolicyCommand));

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
    .addOption(
      new Option('--switch <mode>', 'how traffic moves (docs/data-plane.md)').choices([
        'records',
        'arc',
        's3-object',
      ]),
    )
    .option('--arc-endpoints <pairs>', 'arc: the cluster endpoints, region=url,... (from describe-cluster)')
    .option('--arc-controls <pairs>', 'arc: routing control per region, region=arn,...')
    .option('--switch-bucket <bucket>', 's3-object: the bucket the health checks read')
    .option('--switch-region <region>', "s3-object: that bucket's region (neither primary nor target)")
    .option('--lock-bucket <bucket>', 'arc/s3-object: the S3 lock bucket')
    .option('--lock-region <region>', "the lock bucket's region (neither primary nor target)")
    .option('--name-servers <list>', "the zone's authoritative servers, ip[:port],... (default: its NS)")
    .option('-y, --yes', 'do not ask; take flags and defaults')
    .option('--force', 'overwrite an existing config file')
    .addHelpText(
      'after',
      `${examples([
        'drctl init',
        'drctl init --yes --app shop --primary-region ap-southeast-1 --target-regions us-east-1 --hosted-zone example.com --record www.example.com',
        'drctl init --yes ... --switch arc --arc-endpoints us-east-1=https://abc.route53-recovery-cluster.us-east-1.amazonaws.com/v1,... --arc-controls ap-southeast-1=arn:...,us-east-1=arn:... --lock-bucket acme-dr-locks --lock-region us-west-2',
      ])}
The ARC values are control-plane reads, made once ahead of any outage:
  aws route53-recovery-control-config describe-cluster --cluster-arn <ClusterArn output of templates/switch-arc.yaml> --region us-west-2
  aws route53-recovery-control-config list-routing-controls --control-panel-arn <ControlPanelArn output> --region us-west-2
`,
    )
    .action(
      run(async () => {
        const { initCommand } = await import('./commands/init.js');
        return (ctx) => initCommand(ctx, program.commands.find((c) => c.name() === 'init')!.opts());
      }),
    );

  return program;
}
