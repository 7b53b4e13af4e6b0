/**
 * `npm run demo`: a full failover against the local AWS emulator, no AWS account needed.
 * Starts the emulator, seeds the primary world (record aliased to an ALB in
 * ap-southeast-1), starts a local HTTPS server standing in for the website, then runs the
 * real drctl: status, failover to us-east-1, status again, and the run list.
 *
 * `npm run demo -- --switch arc` (or `s3-object`): the data-plane failover instead. The
 * switch is provisioned ahead of the outage (switch-world.ts) and Route 53's control plane
 * is DOWN for the whole demo, as in a us-east-1 outage: status, plan, failover and status
 * run on the switch, the S3 lock and the zone's authoritative name server alone.
 *
 * `npm run demo -- --fleet`: three applications failed over as one (fleet-demo.ts).
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type FailoverWorld, startFailoverWorld } from './failover-world.js';
import { SWITCH_KINDS, type SwitchKind, startSwitchWorld } from './switch-world.js';

const BIN = resolve('bin/drctl');

function drctl(w: FailoverWorld, args: string[]): Promise<number> {
  console.log(`\n$ drctl ${args.join(' ')}`);
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args, '-c', w.configPath], {
      env: { ...process.env, ...w.env },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', fail);
    child.on('close', (code) => done(code ?? 1));
  });
}

const { values } = parseArgs({ options: { switch: { type: 'string' }, fleet: { type: 'boolean' } } });
if (values.fleet) {
  const started = performance.now();
  const ok = await (await import('./fleet-demo.js')).fleetDemo();
  console.log(
    `\nDemo ${ok ? 'finished' : 'FAILED'} in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
  );
  process.exit(ok ? 0 : 1);
}
const switchKind = values.switch as SwitchKind | undefined;
if (switchKind !== undefined && !SWITCH_KINDS.includes(switchKind)) {
  console.error(`--switch must be one of ${SWITCH_KINDS.join(', ')}, not ${values.switch}`);
  process.exit(2);
}

console.log(
  switchKind
    ? `Starting the local AWS emulator (moto), provisioning the ${switchKind} switch, then taking Route 53's control plane down...`
    : 'Starting the local AWS emulator (moto) and seeding the primary world...',
);
const started = performance.now();
const w = switchKind
  ? await startSwitchWorld({ switch: switchKind, route53ControlPlane: 'down' })
  : await startFailoverWorld();
const steps = switchKind
  ? [['status'], ['plan', 'us-east-1'], ['failover', 'us-east-1', '--yes'], ['status'], ['runs']]
  : [['status'], ['failover', 'us-east-1', '--yes'], ['status'], ['runs']];
// The seed's own Route 53 calls (before the control plane went down) are not drctl's.
const seededCalls = switchKind ? await w.emulator.route53Calls() : 0;
let failed = false;
try {
  console.log(`Emulator at ${w.emulator.endpoint}; website stand-in at ${w.app.url}; config ${w.configPath}`);
  for (const args of steps) {
    const code = await drctl(w, args);
    if (code !== 0) {
      console.error(`\ndrctl ${args.join(' ')} exited ${code}`);
      failed = true;
      break;
    }
  }
  if (switchKind && !failed)
    console.log(
      `\nRoute 53 API calls drctl made: ${(await w.emulator.route53Calls()) - seededCalls} (its control plane was down).`,
    );
} finally {
  await w.stop();
}
console.log(
  `\nDemo ${failed ? 'FAILED' : 'finished'} in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
);
process.exitCode = failed ? 1 : 0;
