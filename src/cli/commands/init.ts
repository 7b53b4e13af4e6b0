/** `drctl init`: write a commented starter drctl.yaml, from answers or from flags. */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { environmentList } from '../../config/environments.js';
import { DrctlError } from '../../errors.js';
import { ROUTING_POLICIES, type RoutingPolicy } from '../../ports/dns.js';
import type { Context } from '../context.js';
import {
  askSwitch,
  type SwitchAnswers,
  type SwitchFlags,
  switchFromFlags,
  switchYaml,
} from '../init-switch.js';

interface InitAnswers {
  app: string;
  primaryRegion: string;
  targetRegions: string[];
  hostedZone: string;
  record: string;
  routing: RoutingPolicy;
  containerImage: string;
  switch: SwitchAnswers;
}

interface InitFlags extends SwitchFlags {
  app?: string;
  primaryRegion?: string;
  targetRegions?: string;
  hostedZone?: string;
  record?: string;
  routing?: InitAnswers['routing'];
  image?: string;
  yes?: boolean;
  force?: boolean;
}

/** The starter config, with a comment on every setting an operator may need to change. */
function starterConfig(a: InitAnswers): string {
  const regions = [...new Set([a.primaryRegion, ...a.targetRegions])];
  const sw = switchYaml(a.switch, regions);
  const ids =
    a.routing === 'simple'
      ? '    # setIdentifiers: only for failover, weighted and latency routing\n'
      : `    setIdentifiers:\n${regions.map((r) => `      ${r}: ${r}`).join('\n')}\n`;
  return `# drctl configuration. Validate with: drctl config validate
# Reference: docs/configuration.md

# Application name: stacks are named <app>-<env>-<stack>.
app: ${a.app}
# The application's container image; {region} becomes the target region.
containerImage: ${a.containerImage}
# The region that serves traffic today.
primaryRegion: ${a.primaryRegion}
# Regions drctl may fail over to (never the primary).
targetRegions: [${a.targetRegions.join(', ')}]
# Environment used when --env is not given: ${environmentList('or')}.
defaultEnvironment: prod

dns:
  # Hosted zone name (example.com) or id (Z0123...).
  hostedZone: ${a.hostedZone}
  record:
    # The public host name whose record set drctl moves.
    name: ${a.record}
    type: A
    # simple | failover | weighted | latency
    routing: ${a.routing}
${ids}    # Weighted routing only: percentages moved to the target, verified at each step.
    weightSteps: [100]

# Per-environment template parameters (merged over the shipped templates/params/<env>.yaml).
environments:
  prod: {}
  test: {}
  dev: {}

# ACM certificate for the ALB in each region: an ARN, or {domain: ...} to find an ISSUED one.
certificates:
${regions.map((r) => `  ${r}: {domain: ${a.record}}`).join('\n')}

# How drctl proves the new load balancer serves the site, before and after the DNS change.
verification:
  path: /healthz
  expectStatus: 200
  consecutiveSuccesses: 3
  intervalSeconds: 5
  timeoutSeconds: 5
  windowSeconds: 300
  minHealthyTargets: 1
${sw.nameServers}
${sw.switch}
lock:
  # A lock older than this is reported stale; break it with --break-lock.
  staleAfterMinutes: 120
${sw.lock}
journal:
  # Run journals (resume and rollback read them). Keep them: they are the evidence.
  dir: ~/.drctl/runs
  # s3: s3://ops-bucket/drctl/
`;
}

async function ask(flags: InitFlags): Promise<InitAnswers> {
  const { input, select } = await import('@inquirer/prompts');
  const app = flags.app ?? (await input({ message: 'Application name (stack prefix)', default: 'shop' }));
  const primaryRegion =
    flags.primaryRegion ??
    (await input({ message: 'Region serving traffic today', default: 'ap-southeast-1' }));
  const targets =
    flags.targetRegions ??
    (await input({ message: 'Regions to fail over to (comma-separated)', default: 'us-east-1' }));
  const hostedZone =
    flags.hostedZone ?? (await input({ message: 'Hosted zone (name or id)', default: 'example.com' }));
  const record =
    flags.record ??
    (await input({ message: 'Public host name', default: `www.${hostedZone.replace(/\.$/, '')}` }));
  const routing =
    flags.routing ??
    (await select({
      message: 'Routing policy of that record',
      choices: ROUTING_POLICIES.map((value) => ({ value })),
    }));
  const containerImage =
    flags.image ??
    (await input({
      message: 'Container image ({region} = target region)',
      default: `123456789012.dkr.ecr.{region}.amazonaws.com/${app}:latest`,
    }));
  return {
    app,
    primaryRegion,
    targetRegions: splitList(targets),
    hostedZone,
    record,
    routing,
    containerImage,
    switch: await askSwitch(flags),
  };
}

function splitList(s: string): string[] {
  return s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}

function fromFlags(flags: InitFlags): InitAnswers {
  const missing = (['app', 'primaryRegion', 'targetRegions', 'hostedZone', 'record'] as const).filter(
    (k) => !flags[k],
  );
  if (missing.length > 0) {
    const names = missing.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
    throw new DrctlError(
      'USAGE',
      `drctl init --yes needs ${names.join(', ')} (or run it on a terminal without --yes to be asked).`,
    );
  }
  return {
    app: flags.app!,
    primaryRegion: flags.primaryRegion!,
    targetRegions: splitList(flags.targetRegions!),
    hostedZone: flags.hostedZone!,
    record: flags.record!,
    routing: flags.routing ?? 'simple',
    containerImage: flags.image ?? `123456789012.dkr.ecr.{region}.amazonaws.com/${flags.app}:latest`,
    switch: switchFromFlags(flags),
  };
}

export async function initCommand(ctx: Context, flags: InitFlags): Promise<number> {
  const path = resolve(ctx.globals.config);
  if (existsSync(path) && !flags.force) {
    throw new DrctlError(
      'USAGE',
      `${ctx.globals.config} already exists; pass --force to overwrite it, or --config <path> to write elsewhere.`,
    );
  }
  if (!flags.yes && !ctx.io.stdinIsTTY) {
    throw new DrctlError(
      'USAGE',
      'drctl init needs a terminal to ask its questions; pass --yes with the flags instead (see drctl init --help).',
    );
  }
  const answers = flags.yes ? fromFlags(flags) : await ask(flags);
  const text = starterConfig(answers);
  // Never write a config drctl itself would reject.
  const { parseConfig } = await import('../../config/load.js');
  parseConfig(text, dirname(path), 'the generated config');
  await writeFile(path, text, { flag: flags.force ? 'w' : 'wx' });
  ctx.io.out(`Wrote ${ctx.globals.config}. Next: drctl config validate, then drctl status.`);
  return 0;
}
