/**
 * `npm run demo -- --fleet`: three applications (two sharing a hosted zone, one in a
 * second wave) failed over as one operation against the emulator: fleet plan, fleet
 * failover, fleet status, through the real CLI.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { type FleetWorld, startFleetWorld } from './fleet-world.js';

const BIN = resolve('bin/drctl');

function drctl(w: FleetWorld, args: string[]): Promise<number> {
  console.log(`\n$ drctl ${args.join(' ')} --fleet fleet.yaml`);
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args, '--fleet', w.fleetPath], {
      env: { ...process.env, ...w.env },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', fail);
    child.on('close', (code) => done(code ?? 1));
  });
}

export async function fleetDemo(): Promise<boolean> {
  console.log('Starting the local AWS emulator (moto) and seeding a fleet of three applications...');
  const w = await startFleetWorld({ apps: 3 });
  try {
    console.log(`Emulator at ${w.emulator.endpoint}; fleet file ${w.fleetPath}:`);
    for (const a of w.apps) console.log(`  ${a.name} (wave ${a.wave}): ${a.record} in zone ${a.zone}`);
    for (const args of [
      ['fleet', 'plan', 'us-east-1'],
      ['fleet', 'failover', 'us-east-1', '--yes'],
      ['fleet', 'status', 'us-east-1'],
    ]) {
      const code = await drctl(w, args);
      if (code !== 0) {
        console.error(`\ndrctl ${args.join(' ')} exited ${code}`);
        return false;
      }
    }
    return true;
  } finally {
    await w.stop();
  }
}
