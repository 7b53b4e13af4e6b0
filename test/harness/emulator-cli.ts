/**
 * `npm run emulator [-- --routing failover --port 4566 --pending 5 --no-seed]`: runs the
 * local AWS emulator with the primary world seeded, prints how to point drctl at it, and
 * stops it on Ctrl-C. For trying drctl by hand; tests call startEmulator() directly.
 */
import { parseArgs } from 'node:util';
import { emulatorEnv } from './aws-clients.js';
import { startEmulator } from './emulator.js';
import { type Routing, seedPrimaryWorld } from './seed.js';

const ROUTINGS: Routing[] = ['simple', 'failover', 'weighted', 'latency'];

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    routing: { type: 'string', default: 'simple' },
    pending: { type: 'string', default: '0' },
    'no-seed': { type: 'boolean', default: false },
  },
});
const routing = values.routing as Routing;
if (!ROUTINGS.includes(routing)) {
  console.error(`--routing must be one of ${ROUTINGS.join(', ')}, not ${values.routing}`);
  process.exitCode = 2;
} else {
  const emulator = await startEmulator({
    port: Number(values.port),
    route53PendingSeconds: Number(values.pending),
  });
  // startEmulator does not hold the event loop open (tests must be able to exit); we must.
  const keepAlive = setInterval(() => {}, 1 << 30);
  const stop = async () => {
    clearInterval(keepAlive);
    await emulator.stop();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  console.log(`drctl emulator on ${emulator.endpoint} (pid ${emulator.pid})`);
  if (!values['no-seed']) {
    const world = await seedPrimaryWorld(emulator.endpoint, { routing });
    console.log(
      `seeded: zone ${world.hostedZoneId} ${world.recordName} (${routing}) -> ${world.primaryAlb.dnsName}`,
    );
  }
  console.log('\nPoint drctl at it with:');
  for (const [key, value] of Object.entries(emulatorEnv(emulator.endpoint)))
    console.log(`  export ${key}=${value}`);
  console.log('\nCtrl-C stops it.');
}
