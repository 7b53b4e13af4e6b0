import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { captureIo } from '../../helpers/capture-io.js';
import { runCli } from '../../helpers/run-cli.js';

/** Every leaf command, as typed. */
const COMMANDS = [
  ['status'],
  ['plan'],
  ['failover'],
  ['resume'],
  ['rollback'],
  ['runs'],
  ['drill'],
  ['drills'],
  ['templates', 'list'],
  ['templates', 'validate'],
  ['templates', 'render'],
  ['config', 'validate'],
  ['iam-policy'],
  ['init'],
];

describe('drctl --help', () => {
  it('lists every command with a one-line description', async () => {
    const cap = captureIo();
    expect(await main(['node', 'drctl', '--help'], cap.io)).toBe(0);
    for (const [name] of COMMANDS) expect(cap.stdout).toMatch(new RegExp(`^  ${name}\\b.*\\S`, 'm'));
  });

  for (const cmd of COMMANDS) {
    it(`drctl ${cmd.join(' ')} --help shows examples`, async () => {
      const cap = captureIo();
      expect(await main(['node', 'drctl', ...cmd, '--help'], cap.io)).toBe(0);
      expect(cap.stdout).toMatch(/Examples:\n {2}\$ drctl /);
    });
  }

  it('prints help and exits 2 when given no command', async () => {
    const cap = captureIo();
    expect(await main(['node', 'drctl'], cap.io)).toBe(2);
    expect(cap.stdout).toMatch(/Usage: drctl/);
  });

  it('rejects an unknown command or flag with exit 2', async () => {
    const cap = captureIo();
    expect(await main(['node', 'drctl', 'fail-over'], cap.io)).toBe(2);
    expect(cap.stderr).toMatch(/unknown command 'fail-over'/);
    expect(await main(['node', 'drctl', 'status', '--nope'], captureIo().io)).toBe(2);
  });

  it('rejects an endpoint that is not a URL before anything else', async () => {
    const cap = captureIo();
    expect(await main(['node', 'drctl', 'status', '--endpoint-url', 'localhost:5000'], cap.io)).toBe(2);
    expect(cap.stderr).toBe(
      'Error: --endpoint-url "localhost:5000" is not an http(s) URL (for example http://127.0.0.1:5000).',
    );
  });
});

describe('start-up', () => {
  it('--help and --version do not load the AWS SDK, ora or inquirer', async () => {
    for (const args of [['--help'], ['--version'], ['status', '--help'], ['plan', '--help']]) {
      const r = await runCli(args, { nodeArgs: ['--import', './test/helpers/trace-imports.mjs'] });
      expect(r.code).toBe(0);
      expect(r.stderr).not.toMatch(/TRACE-IMPORT/);
    }
  });

  it('the trace itself works: status does load the SDK', async () => {
    const r = await runCli(['status', '-c', 'examples/drctl.yaml', '--endpoint-url', 'http://127.0.0.1:9'], {
      nodeArgs: ['--import', './test/helpers/trace-imports.mjs'],
      env: { AWS_MAX_ATTEMPTS: '1' },
    });
    expect(r.stderr).toMatch(/TRACE-IMPORT .*@aws-sdk\/client-route-53/);
    expect(r.code).toBe(1);
  });

  it('--version prints the package version', async () => {
    const r = await runCli(['--version']);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
