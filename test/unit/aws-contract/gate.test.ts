/**
 * The real-AWS contract tier runs only when asked and with credentials; otherwise it says
 * why (and `npm run test:aws` exits 0). Credentials are injected: nothing leaves this machine.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { contractGate } from '../../aws/gate.js';

const creds = async () => ({ accessKeyId: 'AKIA', secretAccessKey: 'x' });
const none = async () => {
  throw new Error('Could not load credentials from any providers');
};

describe('contractGate', () => {
  it('without DRCTL_AWS_CONTRACT=1: skipped, saying how to opt in, credentials never asked', async () => {
    let asked = false;
    const gate = await contractGate({}, async () => {
      asked = true;
    });
    expect(gate).toEqual({
      run: false,
      reason:
        'DRCTL_AWS_CONTRACT is not 1: the real-AWS contract tier runs only when asked (see docs/development.md)',
    });
    expect(asked).toBe(false);
  });

  it('opted in without credentials: skipped, naming the cause', async () => {
    expect(await contractGate({ DRCTL_AWS_CONTRACT: '1' }, none)).toEqual({
      run: false,
      reason: 'no AWS credentials resolve (Could not load credentials from any providers)',
    });
  });

  it('opted in but pointed at an emulator: skipped', async () => {
    const gate = await contractGate(
      { DRCTL_AWS_CONTRACT: '1', AWS_ENDPOINT_URL: 'http://127.0.0.1:1' },
      creds,
    );
    expect(gate.run).toBe(false);
  });

  it('opted in with credentials: runs, in DRCTL_AWS_CONTRACT_REGION, else AWS_REGION, else us-east-1', async () => {
    expect(await contractGate({ DRCTL_AWS_CONTRACT: '1' }, creds)).toEqual({
      run: true,
      region: 'us-east-1',
    });
    expect(await contractGate({ DRCTL_AWS_CONTRACT: '1', AWS_REGION: 'eu-west-1' }, creds)).toEqual({
      run: true,
      region: 'eu-west-1',
    });
    expect(
      await contractGate(
        { DRCTL_AWS_CONTRACT: '1', AWS_REGION: 'eu-west-1', DRCTL_AWS_CONTRACT_REGION: 'us-west-2' },
        creds,
      ),
    ).toEqual({ run: true, region: 'us-west-2' });
  });

  it('npm run test:aws without the opt-in prints why it skipped and exits 0', () => {
    const env = { ...process.env, DRCTL_AWS_CONTRACT: '', AWS_EC2_METADATA_DISABLED: 'true' };
    const r = spawnSync('tsx', ['test/aws/run.ts'], { env, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^test:aws skipped: DRCTL_AWS_CONTRACT is not 1/);
  });
});
