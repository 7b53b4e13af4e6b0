/**
 * `npm run test:aws`: the real-AWS contract tier (docs/emulator-fidelity.md rows marked
 * "(aws)"). Prints that it skipped and why, exit 0, unless DRCTL_AWS_CONTRACT=1 and
 * credentials resolve; then prints the cost bound and runs test/aws/*.test.ts with vitest.
 */
import { spawnSync } from 'node:child_process';
import { STSClient } from '@aws-sdk/client-sts';
import { COST_BOUND, contractGate } from './gate.js';

const sts = new STSClient({});
const gate = await contractGate(process.env, () => sts.config.credentials());
sts.destroy();
if (!gate.run) {
  console.log(`test:aws skipped: ${gate.reason}.`);
  process.exit(0);
}
console.log(`test:aws: real AWS, region ${gate.region}; ${COST_BOUND}`);
const r = spawnSync('vitest', ['run', '--config', 'vitest.aws.config.ts'], {
  stdio: 'inherit',
  env: { ...process.env, DRCTL_AWS_CONTRACT_REGION: gate.region },
});
process.exit(r.status ?? 1);
