/**
 * Invariant 7: no secret is ever printed or journaled. The real CLI runs plan, failover,
 * status, rollback, resume and a drill (with its report files) with --json and --verbose while
 * secrets are set everywhere drctl could meet one:
 *   - a NoEcho template parameter (the shipped blueprint keeps secrets in SSM and has
 *     none, so a copy of it gains one, as an operator's own blueprint might), given a
 *     value through the config's environment overrides;
 *   - SSM SecureString parameters the application reads (/shop/prod/db-password...);
 *   - the AWS secret access key and session token in the environment.
 * Then stdout, stderr, every journal and every report file are searched for each value.
 * Also: a NoEcho value that breaks its own constraint is refused without being echoed.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { clientConfig } from '../harness/aws-clients.js';
import { type FailoverWorld, startFailoverWorld } from '../harness/failover-world.js';
import { runCli } from '../helpers/run-cli.js';

const NOECHO = 'NoEcho-s3cr3t-7f1c2a9b';
const SECURE = ['SecureString-db-9d8e7f6a', 'SecureString-key-5b4c3d2e'];
const AWS_SECRET = 'AwsSecretKey-0a1b2c3d4e5f';
const AWS_TOKEN = 'AwsSessionToken-6a7b8c9d';
const SECRETS = [NOECHO, ...SECURE, AWS_SECRET, AWS_TOKEN];

let fw: FailoverWorld;
let templates: string;
let reports: string;
let env: Record<string, string>;
const outputs: { what: string; text: string }[] = [];

/** A copy of the blueprint whose data stack takes a NoEcho parameter from the env file. */
function blueprintWithNoEcho(): string {
  const dir = mkdtempSync(join(tmpdir(), 'drctl-noecho-'));
  cpSync('templates', dir, { recursive: true });
  const data = join(dir, 'data.yaml');
  writeFileSync(
    data,
    readFileSync(data, 'utf8').replace(
      /\nParameters:\n/,
      // A function, not a string: `$'` in a replacement string means "the text after".
      () =>
        "\nParameters:\n  ReplicationToken:\n    Type: String\n    NoEcho: true\n    Description: A secret an operator blueprint may take.\n    AllowedPattern: '^[A-Za-z0-9-]{8,64}$'\n",
    ),
  );
  const manifest = join(dir, 'manifest.yaml');
  writeFileSync(
    manifest,
    readFileSync(manifest, 'utf8').replace(
      /(\n {2}data:\n(?:.*\n)*? {4}parameters:\n)/,
      '$1      ReplicationToken: { env: ReplicationToken }\n',
    ),
  );
  for (const e of ['prod', 'test', 'dev']) {
    const f = join(dir, 'params', `${e}.yaml`);
    writeFileSync(f, `${readFileSync(f, 'utf8')}\nReplicationToken: placeholder-token\n`);
  }
  return dir;
}

function setConfig(edit: (c: Record<string, unknown>) => void) {
  const config = parse(readFileSync(fw.configPath, 'utf8'));
  edit(config);
  writeFileSync(fw.configPath, stringify(config));
}

async function cli(what: string, args: string[]) {
  const r = await runCli([...args, '-c', fw.configPath, '--json', '--verbose'], { env, timeoutMs: 120_000 });
  outputs.push({ what: `${what} stdout`, text: r.stdout }, { what: `${what} stderr`, text: r.stderr });
  return r;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

beforeAll(async () => {
  fw = await startFailoverWorld();
  templates = blueprintWithNoEcho();
  reports = mkdtempSync(join(tmpdir(), 'drctl-secret-reports-'));
  setConfig((c) => {
    c.environments = { prod: { overrides: { ReplicationToken: NOECHO } } };
    c.drill = { record: 'dr-drill.example.com' };
  });
  const ssm = new SSMClient(clientConfig(fw.emulator.endpoint, 'us-east-1'));
  for (const [i, name] of ['/shop/prod/db-password', '/shop/prod/app-secret-key'].entries()) {
    await ssm.send(new PutParameterCommand({ Name: name, Value: SECURE[i]!, Type: 'SecureString' }));
  }
  ssm.destroy();
  env = {
    ...fw.env,
    DRCTL_TEMPLATES_DIR: templates,
    AWS_SECRET_ACCESS_KEY: AWS_SECRET,
    AWS_SESSION_TOKEN: AWS_TOKEN,
  };
}, 120_000);

afterAll(async () => {
  await fw?.stop();
});

describe('no secret is printed, journaled or reported', () => {
  it('plan, failover, status, rollback and a drill with --json --verbose', async () => {
    // The plan shows the NoEcho parameter as set, never its value: proof the secret was in play.
    const plan = await cli('plan', ['plan', 'us-east-1']);
    expect(plan.stdout).toMatch(/ReplicationToken/);
    const failover = await cli('failover', ['failover', 'us-east-1', '--yes']);
    expect(failover.code, failover.stderr).toBe(0);
    await cli('status', ['status']);
    const runId = /"runId":"([^"]+)"/.exec(failover.stdout)?.[1];
    expect(runId).toBeDefined();
    const rollback = await cli('rollback', ['rollback', runId!, '--yes']);
    expect(rollback.code, rollback.stderr).toBe(0);
    // Resume reassembles every parameter (the NoEcho one too) before finding the run over.
    await cli('resume', ['resume', runId!, '--yes']);
    const drill = await cli('drill', ['drill', 'us-west-2', '--report-dir', reports]);
    expect(drill.code, drill.stderr).toBe(0);
    for (const f of [...filesUnder(fw.journalDir), ...filesUnder(reports)]) {
      outputs.push({ what: f, text: readFileSync(f, 'utf8') });
    }
    expect(filesUnder(reports).length).toBeGreaterThan(0);
    const leaks = outputs.flatMap((o) =>
      SECRETS.filter((s) => o.text.includes(s)).map((s) => `${s} in ${o.what}`),
    );
    expect(leaks).toEqual([]);
  });

  it('a NoEcho value that breaks its constraint is refused without echoing it', async () => {
    const bad = 'bad value with spaces!';
    setConfig((c) => {
      c.environments = { prod: { overrides: { ReplicationToken: bad } } };
    });
    const r = await runCli(['failover', 'us-east-1', '--yes', '-c', fw.configPath, '--verbose'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ReplicationToken/);
    expect(`${r.stdout}${r.stderr}`).not.toContain(bad);
  });
});
