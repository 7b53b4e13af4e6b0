/**
 * `npm run emulator [-- --routing failover --port 4566 --pending 5]`: runs the local AWS
 * emulator with the primary world seeded and a local HTTPS server standing in for the
 * website, prints how to point drctl at it, and stops it all on Ctrl-C. For trying every
 * drctl command by hand without an AWS account; tests call startFailoverWorld() directly.
 * `--apps 3` seeds a fleet instead (test/harness/fleet-world.ts) and prints its fleet file.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startFailoverWorld } from './failover-world.js';
import { startFleetWorld } from './fleet-world.js';
import type { Routing } from './seed.js';

const ROUTINGS: Routing[] = ['simple', 'failover', 'weighted', 'latency'];

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    routing: { type: 'string', default: 'simple' },
    pending: { type: 'string', default: '0' },
    apps: { type: 'string' },
  },
});
const routing = values.routing as Routing;
/** The emulator does not hold the event loop open (tests must be able to exit); we must. */
function holdUntilSignal(stop: () => Promise<void>): void {
  const keepAlive = setInterval(() => {}, 1 << 30);
  const end = async () => {
    clearInterval(keepAlive);
    await stop();
  };
  process.once('SIGINT', end);
  process.once('SIGTERM', end);
}

if (values.apps !== undefined) {
  const apps = Number(values.apps);
  if (!Number.isInteger(apps) || apps < 1 || apps > 3) {
    console.error(`--apps must be 1, 2 or 3, not ${values.apps}`);
    process.exitCode = 2;
  } else {
    const w = await startFleetWorld({
      apps,
      port: Number(values.port),
      route53PendingSeconds: Number(values.pending),
    });
    holdUntilSignal(() => w.stop());
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
} else if (!ROUTINGS.includes(routing)) {
  console.error(`--routing must be one of ${ROUTINGS.join(', ')}, not ${values.routing}`);
  process.exitCode = 2;
} else {
  const w = await startFailoverWorld({
    routing,
    port: Number(values.port),
    route53PendingSeconds: Number(values.pending),
  });
  holdUntilSignal(() => w.stop());
  console.log(`drctl emulator on ${w.emulator.endpoint} (pid ${w.emulator.pid})`);
  console.log(
    `seeded: zone ${w.world.hostedZoneId} ${w.world.recordName} (${routing}) -> ${w.world.primaryAlb.dnsName}`,
  );
  console.log(`website stand-in: ${w.app.url} (the probe reaches it through verification.connectTo)`);
  console.log(`load balancer names resolve at ${w.emulator.dnsServer} (verification.resolvers)`);
  console.log(`\nConfig for this emulator: ${w.configPath}`);
  console.log(
    '(examples/drctl.yaml is the same world without the local website: enough for status and plan.)',
  );
  console.log('\nIn another shell:');
  for (const [key, value] of Object.entries(w.env)) console.log(`  export ${key}=${value}`);
  console.log(`  npx drctl status -c ${w.configPath}`);
  console.log(`  npx drctl plan us-east-1 -c ${w.configPath}`);
  console.log(`  npx drctl failover us-east-1 -c ${w.configPath}`);
  console.log('\nCtrl-C stops it.');
}
