/**
 * `npm run demo`: a full failover against the local AWS emulator, no AWS account needed.
 * Starts the emulator, seeds the primary world (record aliased to an ALB in
 * ap-southeast-1), starts a local HTTPS server standing in for the website, then runs the
 * real drctl: status, failover to us-east-1, status again, and the run list.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { type FailoverWorld, startFailoverWorld } from './failover-world.js';

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

console.log('Starting the local AWS emulator (moto) and seeding the primary world...');
const started = performance.now();
const w = await startFailoverWorld();
let failed = false;
try {
  console.log(`Emulator at ${w.emulator.endpoint}; website stand-in at ${w.app.url}; config ${w.configPath}`);
  for (const args of [['status'], ['failover', 'us-east-1', '--yes'], ['status'], ['runs']]) {
    const code = await drctl(w, args);
    if (code !== 0) {
      console.error(`\ndrctl ${args.join(' ')} exited ${code}`);
      failed = true;
      break;
    }
  }
} finally {
  await w.stop();
}
console.log(
  `\nDemo ${failed ? 'FAILED' : 'finished'} in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
);
process.exitCode = failed ? 1 : 0;
