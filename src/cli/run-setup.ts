/**
 * What failover and resume share: check the target and the terminal, resolve the hosted
 * zone and certificate (reads only), assemble the engine input, wire the ports and pick a
 * presenter. Everything that can be wrong with the input fails here, before any mutation.
 */
import { existsSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { resolve } from 'node:path';
import { environmentList, isEnvName } from '../config/environments.js';
import type { LoadedConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { DEFAULTS } from '../engine/defaults.js';
import type { AfterFlipPolicy, FailoverFlags, FailoverInput } from '../engine/input.js';
import { DrctlError } from '../errors.js';
import { expandHome } from '../local/file-journal.js';
import type { Context } from './context.js';
import type { WiredPorts } from './engine-ports.js';
import { printResult } from './json-out.js';
import { choosePresenter, type Presenter } from './presenters/sinks.js';

/**
 * The region to move traffic to: a target region, or the primary (failing back once the
 * primary serves again; the engine refuses a no-op when the primary already serves).
 */
export function checkTarget(config: Config, region: string): void {
  if (region !== config.primaryRegion && !config.targetRegions.includes(region)) {
    throw new DrctlError(
      'USAGE',
      `${region} is not one of the config's regions (primary ${config.primaryRegion}, targets ${config.targetRegions.join(', ')}); add it to targetRegions first if it should be.`,
    );
  }
}

export function checkEnv(env: string): void {
  if (!isEnvName(env)) {
    throw new DrctlError('USAGE', `--env ${env} is not an environment; use ${environmentList('or')}.`);
  }
}

/** Without a terminal nobody can type the confirmation: scripts must say --yes. */
export function checkCanConfirm(ctx: Context, flags: FailoverFlags, command: string): void {
  if (flags.yes) return;
  if (!ctx.io.stdinIsTTY || ctx.globals.json) {
    throw new DrctlError(
      'USAGE',
      `drctl ${command} needs a terminal to confirm, or --yes to run unattended.`,
    );
  }
}

/** The config's journal.dir; a relative one is read from the config file's folder, not the cwd. */
export function journalDir(loaded: Pick<LoadedConfig, 'config' | 'dir'>): string {
  return resolve(loaded.dir, expandHome(loaded.config.journal.dir));
}

/** Where journals are for any command: `--journal-dir`, else the config's, else the default. */
export async function journalFolder(ctx: Context, override?: string): Promise<string> {
  if (override) return override;
  return existsSync(ctx.globals.config) ? journalDir(await ctx.loadConfig()) : DEFAULTS.journalDir;
}

export function operator(): { holder: string; host: string } {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry (some containers): keep 'unknown'
  }
  return { holder: `${user}@${hostname()}`, host: hostname() };
}

/**
 * The hosted zone as the run names it. With `switch.controlPlane: avoid` it is the config's
 * value as written (GetHostedZone / ListHostedZonesByName are control-plane calls): the
 * zone's name (or id) keys the lock, and the name is what the NS lookup asks for.
 */
export async function hostedZone(
  aws: { dns: { findHostedZone(idOrName: string): Promise<{ id: string; name: string }> } },
  config: Config,
): Promise<{ id: string; name?: string }> {
  if (config.switch.controlPlane === 'avoid') {
    const z = config.dns.hostedZone;
    return /^(\/hostedzone\/)?Z[A-Z0-9]+$/.test(z) ? { id: z } : { id: z.replace(/\.$/, ''), name: z };
  }
  return aws.dns.findHostedZone(config.dns.hostedZone);
}

export interface PreparedRun {
  input: FailoverInput;
  /** Where the run's journal lives (and a failed rollback's restore-<run>.json). */
  journalDir: string;
  wired: WiredPorts;
  presenter: Presenter;
}

export async function prepareRun(
  ctx: Context,
  loaded: LoadedConfig,
  o: {
    targetRegion: string;
    env: string;
    runId: string;
    flags: FailoverFlags;
    dataFlags?: { acceptRpo?: boolean; allowDataLoss?: boolean };
    afterFlip?: AfterFlipPolicy;
    /** Adapters shared with other runs (a fleet's): used, and left open, instead of new ones. */
    aws?: import('./engine-ports.js').AwsAdapters;
  },
): Promise<PreparedRun> {
  const { config } = loaded;
  const [{ awsAdapters }, { AcmCertificates }, { assembleFailoverInput }, { wireEnginePorts }] =
    await Promise.all([
      import('./context.js'),
      import('../aws/acm-certificates.js'),
      import('./failover-input.js'),
      import('./engine-ports.js'),
    ]);
  const cert = config.certificates[o.targetRegion];
  const assemble = (hostedZoneId: string, certificateArn: string, zoneName?: string) =>
    assembleFailoverInput({
      ...(zoneName ? { zoneName } : {}),
      config,
      configDir: loaded.dir,
      env: o.env,
      targetRegion: o.targetRegion,
      runId: o.runId,
      hostedZoneId,
      runtime: { CertificateArn: certificateArn },
      operator: operator(),
      flags: o.flags,
      ...(o.dataFlags ? { dataFlags: o.dataFlags } : {}),
      ...(o.afterFlip ? { afterFlip: o.afterFlip } : {}),
    });
  // Template parameters are input too: a bad one is refused before any AWS call, with
  // stand-ins for the two values only AWS can give (invariant 8).
  assemble(
    'Z00000000000000',
    typeof cert === 'string'
      ? cert
      : `arn:aws:acm:${o.targetRegion}:000000000000:certificate/00000000-0000-0000-0000-000000000000`,
  );
  const aws = o.aws ?? (await awsAdapters(ctx.globals));
  try {
    const zone = await hostedZone(aws, config);
    const certificateArn =
      typeof cert === 'string'
        ? cert
        : await new AcmCertificates(aws.factory).find(o.targetRegion, cert?.domain ?? config.dns.record.name);
    const input = assemble(zone.id, certificateArn, zone.name);
    const wired = await wireEnginePorts(
      aws,
      {
        dir: journalDir(loaded),
        ...(config.journal.s3 ? { s3: config.journal.s3 } : {}),
        warn: (m) => ctx.io.err(`warning: ${m}`),
      },
      zone.id,
      { resolvers: config.verification.resolvers },
      config,
    );
    const presenter = await choosePresenter(ctx.io, ctx.globals.json);
    return { input, journalDir: journalDir(loaded), wired, presenter };
  } catch (e) {
    if (!o.aws) aws.factory.destroy(); // else `wired.close()` closes it, after the run
    throw e;
  }
}

/**
 * Runs the engine with Ctrl-C wired to its signal, prints the outcome (summary or JSON),
 * and always stops the presenter and closes the clients. Returns the exit code.
 */
export async function executeRun(
  ctx: Context,
  run: PreparedRun,
  go: (signal: AbortSignal) => Promise<import('../engine/input.js').FailoverOutcome>,
): Promise<number> {
  const [{ withInterrupts, presenterInterrupts }, { exitCodeOfOutcome }, { renderFailoverOutcome }] =
    await Promise.all([import('./signals.js'), import('./exit-codes.js'), import('./outcome.js')]);
  try {
    const outcome = await withInterrupts(ctx.io, run.input.runId, go, presenterInterrupts(run.presenter));
    return showResult(ctx, run.presenter, 'outcome', outcome, exitCodeOfOutcome(outcome), (o, io) =>
      renderFailoverOutcome(o, io, run.input.targetRegion),
    );
  } catch (e) {
    run.presenter.stop();
    (await import('./manual-batch.js')).saveManualBatch(e, run.journalDir, (m) =>
      ctx.io.err(`warning: ${m}`),
    );
    throw e;
  } finally {
    run.presenter.stop();
    run.wired.close();
  }
}

/**
 * The engine's ports on the config's hosted zone and journal folder, and a presenter: what
 * `teardown` and `drill --sweep` run on. `wired.close()` closes the clients.
 */
export async function wireOnConfigZone(ctx: Context, loaded: LoadedConfig) {
  const [{ awsAdapters }, { wireEnginePorts }] = await Promise.all([
    import('./context.js'),
    import('./engine-ports.js'),
  ]);
  const aws = await awsAdapters(ctx.globals);
  try {
    const { config } = loaded;
    const zone = await aws.dns.findHostedZone(config.dns.hostedZone);
    const journal = {
      dir: journalDir(loaded),
      ...(config.journal.s3 ? { s3: config.journal.s3 } : {}),
      warn: (m: string) => ctx.io.err(`warning: ${m}`),
    };
    // The config's lock store (an S3 lock with `lock.store: s3`), as failover takes it: a
    // teardown or sweep must exclude a failover of the same record, whatever the store.
    const wired = await wireEnginePorts(
      aws,
      journal,
      zone.id,
      { resolvers: config.verification.resolvers },
      config,
    );
    return { zoneId: zone.id, wired, presenter: await choosePresenter(ctx.io, ctx.globals.json) };
  } catch (e) {
    aws.factory.destroy();
    throw e;
  }
}

/**
 * How a command that ran the engine ends: the presenter stops first (a spinner would draw
 * over the summary), then the result is printed, as JSON under --json, else in words.
 */
export function showResult<T extends object>(
  ctx: Context,
  presenter: Presenter,
  type: string,
  result: T,
  exitCode: number,
  render: (result: T, io: Context['io']) => void,
): number {
  presenter.stop();
  if (ctx.globals.json) return printResult(ctx.io, type, result, exitCode);
  render(result, ctx.io);
  return exitCode;
}
