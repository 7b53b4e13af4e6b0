/**
 * `npm run emulator -- --apps 3`: a fleet instead of one app (fleet-world.ts), its apps
 * and fleet file printed with the commands to try; stops on Ctrl-C.
 */
import { readFileSync } from 'node:fs';
import { startFleetWorld } from './fleet-world.js';

export async function runFleetEmulator(o: { apps: string; port: string; pending: string }): Promise<void> {
  const apps = Number(o.apps);
  if (!Number.isInteger(apps) || apps < 1 || apps > 3) {
    console.error(`--apps must be 1, 2 or 3, not ${o.apps}`);
    process.exitCode = 2;
    return;
  }
  const w = await startFleetWorld({ apps, port: Number(o.port), route53PendingSeconds: Number(o.pending) });
  // The emulator does not hold the event loop open (tests must be able to exit); we must.
  const keepAlive = setInterval(() => {}, 1 << 30);
  const stop = async () => {
    clearInterval(keepAlive);
    await w.stop();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  console.log(`drctl emulator on ${w.emulator.endpoint} (pid ${w.emulator.pid}), a fleet of ${apps}`);
  for (const a of w.apps)
    console.log(
      `  ${a.name.padEnd(5)} wave ${a.wave}  ${a.record} in ${a.zone} -> ${a.primaryAlbDns}  (${a.configPath})`,
    );
  console.log(`\nFleet file: ${w.fleetPath}`);
  console.log(readFileSync(w.fleetPath, 'utf8').trimEnd().replace(/^/gm, '  '));
  console.log('\nIn another shell:');
  for (const [key, value] of Object.entries(w.env)) console.log(`  export ${key}=${value}`);
  console.log(`  npx drctl fleet plan us-east-1 --fleet ${w.fleetPath}`);
  console.log(`  npx drctl fleet failover us-east-1 --fleet ${w.fleetPath}`);
  console.log(`  npx drctl fleet status us-east-1 --fleet ${w.fleetPath}`);
  console.log('\nCtrl-C stops it.');
}
