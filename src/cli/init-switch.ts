/**
 * The `switch`, `lock` and `verification.nameServers` part of `drctl init` (docs/data-plane.md).
 * The ARC cluster's endpoints and routing controls come from DescribeCluster and
 * ListRoutingControls: control-plane calls, made once ahead of any outage (the AWS CLI
 * commands are in `drctl init --help`), or from templates/switch-arc.yaml's stack outputs.
 */
import { DrctlError } from '../errors.js';
import { SWITCH_MODES, type SwitchMode } from '../ports/traffic-switch.js';

export interface SwitchFlags {
  switch?: SwitchMode;
  /** `region=url,...` */
  arcEndpoints?: string;
  /** `region=arn,...` */
  arcControls?: string;
  switchBucket?: string;
  switchRegion?: string;
  lockBucket?: string;
  lockRegion?: string;
  /** `ip[:port],...` */
  nameServers?: string;
}

export interface SwitchAnswers {
  mode: SwitchMode;
  arcEndpoints: Record<string, string>;
  arcControls: Record<string, string>;
  switchBucket?: string;
  switchRegion?: string;
  lockBucket?: string;
  lockRegion?: string;
  nameServers: string[];
}

function pairs(flag: string, s: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of (s ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)) {
    const eq = item.indexOf('=');
    if (eq < 1)
      throw new DrctlError('USAGE', `${flag} takes region=value pairs separated by commas, got "${item}".`);
    out[item.slice(0, eq).trim()] = item.slice(eq + 1).trim();
  }
  return out;
}

const list = (s: string | undefined) =>
  (s ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

export function switchFromFlags(f: SwitchFlags): SwitchAnswers {
  const mode = f.switch ?? 'records';
  if (!SWITCH_MODES.includes(mode)) {
    throw new DrctlError('USAGE', `--switch ${mode} is not one of ${SWITCH_MODES.join(', ')}.`);
  }
  const need = (ok: boolean, what: string) => {
    if (!ok) throw new DrctlError('USAGE', `drctl init --switch ${mode} needs ${what}.`);
  };
  if (mode === 'arc') need(Boolean(f.arcEndpoints && f.arcControls), '--arc-endpoints and --arc-controls');
  if (mode === 's3-object')
    need(Boolean(f.switchBucket && f.switchRegion), '--switch-bucket and --switch-region');
  if (mode !== 'records')
    need(Boolean(f.lockBucket && f.lockRegion), '--lock-bucket and --lock-region (the S3 lock)');
  return {
    mode,
    arcEndpoints: pairs('--arc-endpoints', f.arcEndpoints),
    arcControls: pairs('--arc-controls', f.arcControls),
    ...(f.switchBucket ? { switchBucket: f.switchBucket } : {}),
    ...(f.switchRegion ? { switchRegion: f.switchRegion } : {}),
    ...(f.lockBucket ? { lockBucket: f.lockBucket } : {}),
    ...(f.lockRegion ? { lockRegion: f.lockRegion } : {}),
    nameServers: list(f.nameServers),
  };
}

/** Asks what the flags left out (on a terminal). */
export async function askSwitch(f: SwitchFlags): Promise<SwitchAnswers> {
  const { input, select } = await import('@inquirer/prompts');
  const mode =
    f.switch ??
    (await select<SwitchMode>({
      message: 'How traffic moves (docs/data-plane.md)',
      choices: [
        { value: 'records', name: 'records: drctl edits the record sets (Route 53 control plane)' },
        { value: 'arc', name: 'arc: Route 53 ARC routing controls (data plane, cluster ~$2.50/h)' },
        { value: 's3-object', name: 's3-object: health checks read S3 objects (data plane, no cluster)' },
      ],
    }));
  if (mode === 'records') return switchFromFlags({ ...f, switch: mode });
  const ask = async (have: string | undefined, message: string) => have ?? (await input({ message }));
  const flags: SwitchFlags = { ...f, switch: mode };
  if (mode === 'arc') {
    flags.arcEndpoints = await ask(
      f.arcEndpoints,
      'Cluster endpoints, region=url,... (aws route53-recovery-control-config describe-cluster --cluster-arn <arn>)',
    );
    flags.arcControls = await ask(
      f.arcControls,
      'Routing controls, region=arn,... (the switch-arc stack outputs, or list-routing-controls)',
    );
  } else {
    flags.switchBucket = await ask(f.switchBucket, 'Switch bucket (from the switch-s3-object stack)');
    flags.switchRegion = await ask(f.switchRegion, 'Its region (neither the primary nor a target)');
  }
  flags.lockBucket = await ask(f.lockBucket, 'S3 lock bucket (neither the primary nor a target region)');
  flags.lockRegion = await ask(f.lockRegion, 'Its region');
  return switchFromFlags(flags);
}

/** The YAML of the switch, lock and name-server settings, commented. */
export function switchYaml(
  a: SwitchAnswers,
  regions: string[],
): { switch: string; lock: string; nameServers: string } {
  const ns = a.nameServers.length
    ? `  nameServers: [${a.nameServers.map((s) => `'${s}'`).join(', ')}]\n`
    : "  # nameServers: ['198.51.100.1'] # the zone's authoritative servers; default: its NS records\n";
  const lock =
    a.mode === 'records'
      ? ''
      : `  # A conditional write in S3, in a region neither primary nor target (no Route 53 control plane).\n  store: s3\n  s3: {bucket: ${a.lockBucket}, region: ${a.lockRegion}}\n`;
  if (a.mode === 'records') {
    return {
      switch:
        '# How traffic moves: records (edit the record sets), arc or s3-object (docs/data-plane.md).\nswitch:\n  mode: records\n',
      lock,
      nameServers: ns,
    };
  }
  const head = `# How traffic moves (docs/data-plane.md): ${a.mode}, on the data plane; the Route 53\n# control plane is avoided (plan refuses any step that would need it).\nswitch:\n  mode: ${a.mode}\n  controlPlane: avoid\n`;
  if (a.mode === 'arc') {
    const endpoints = Object.entries(a.arcEndpoints)
      .map(([r, url]) => `      - {region: ${r}, url: ${url}}`)
      .join('\n');
    const controls = regions
      .map((r) => `      ${r}: ${a.arcControls[r] ?? '<routing control ARN>'}`)
      .join('\n');
    return {
      switch: `${head}  arc:\n    # DescribeCluster's ClusterEndpoints (a control-plane call, made once, ahead of time).\n    endpoints:\n${endpoints}\n    controls:\n${controls}\n`,
      lock,
      nameServers: ns,
    };
  }
  const keys = regions.map((r) => `      ${r}: switch/${r}`).join('\n');
  return {
    switch: `${head}  s3Object:\n    bucket: ${a.switchBucket}\n    region: ${a.switchRegion}\n    keys:\n${keys}\n`,
    lock,
    nameServers: ns,
  };
}
