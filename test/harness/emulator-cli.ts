/**
 * `npm run emulator [-- --routing failover --port 4566 --pending 5]`: runs the local AWS
 * emulator with the primary world seeded and a local HTTPS server standing in for the
 * website, prints how to point drctl at it, and stops it all on Ctrl-C. For trying every
 * drctl command by hand without an AWS account; tests call startFailoverWorld() directly.
 */
import { parseArgs } from 'node:util';
import { startFailoverWorld } from './failover-world.js';
import type { Routing } from './seed.js';

const ROUTINGS: Routing[] = ['simple', 'failover', 'weighted', 'latency'];

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    routing: { type: 'string', default: 'simple' },
    pending: { type: 'string', default: '0' },
  },
});
const routing = values.routing as Routing;
if (!ROUTINGS.includes(routing)) {
  console.error(`--routing must be one of ${ROUTINGS.join(', ')}, not ${values.routing}`);
  process.exitCode = 2;
} else {
  const w = await startFailoverWorld({
    routing,
    port: Number(values.port),
    route53PendingSeconds: Number(values.pending),
  });
  // The emulator does not hold the event loop open (tests must be able to exit); we must.
  const keepAlive = setInterval(() => {}, 1 << 30);
  const stop = async () => {
    clearInterval(keepAlive);
    await w.stop();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
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
