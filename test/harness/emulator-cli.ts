/**
 * `npm run emulator [-- --routing failover --port 4566 --pending 5]`: runs the local AWS
 * emulator with the primary world seeded and a local HTTPS server standing in for the
 * website, prints how to point drctl at it, and stops it all on Ctrl-C. For trying every
 * drctl command by hand without an AWS account; tests call startFailoverWorld() directly.
 *
 * `--switch arc|s3-object` seeds the data-plane switch instead (switch-world.ts: both
 * regions' ALBs, the switch template, primary On, an S3 lock); `--route53-control-plane
 * down|timeout` then takes Route 53's control plane down while DNS answers keep flowing.
 *
 * `--apps 3` seeds a fleet instead (fleet-world.ts: three apps, two sharing a hosted
 * zone) and prints its fleet file.
 */
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import type { Route53ControlPlane } from './emulator.js';
import { startFailoverWorld } from './failover-world.js';
import type { Routing } from './seed.js';
import { SWITCH_KINDS, type SwitchKind, startSwitchWorld } from './switch-world.js';

const ROUTINGS: Routing[] = ['simple', 'failover', 'weighted', 'latency'];
const PLANES: Route53ControlPlane[] = ['up', 'down', 'timeout'];

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    routing: { type: 'string', default: 'simple' },
    pending: { type: 'string', default: '0' },
    switch: { type: 'string' },
    'route53-control-plane': { type: 'string', default: 'up' },
    apps: { type: 'string' },
  },
});
const routing = values.routing as Routing;
const switchKind = values.switch as SwitchKind | undefined;
const plane = values['route53-control-plane'] as Route53ControlPlane;
if (values.apps !== undefined) {
  await (await import('./fleet-cli.js')).runFleetEmulator({ ...values, apps: values.apps });
} else if (!ROUTINGS.includes(routing)) {
  console.error(`--routing must be one of ${ROUTINGS.join(', ')}, not ${values.routing}`);
  process.exitCode = 2;
} else if (switchKind !== undefined && !SWITCH_KINDS.includes(switchKind)) {
  console.error(`--switch must be one of ${SWITCH_KINDS.join(', ')}, not ${values.switch}`);
  process.exitCode = 2;
} else if (!PLANES.includes(plane)) {
  console.error(`--route53-control-plane must be one of ${PLANES.join(', ')}, not ${plane}`);
  process.exitCode = 2;
} else if (switchKind === undefined && plane !== 'up') {
  console.error(
    '--route53-control-plane down needs --switch: without it drctl can only move traffic through it.',
  );
  process.exitCode = 2;
} else {
  const common = { port: Number(values.port), route53PendingSeconds: Number(values.pending) };
  const w = switchKind
    ? await startSwitchWorld({ ...common, switch: switchKind, route53ControlPlane: plane })
    : await startFailoverWorld({ ...common, routing });
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
    switchKind
      ? `seeded: zone ${w.world.hostedZoneId} ${w.world.recordName} failover records behind the ${switchKind} switch, ap-southeast-1 On`
      : `seeded: zone ${w.world.hostedZoneId} ${w.world.recordName} (${routing}) -> ${w.world.primaryAlb.dnsName}`,
  );
  if (switchKind) {
    console.log(`the zone's authoritative name server: ${w.emulator.dnsServer} (verification.nameServers)`);
    console.log(`Route 53 control plane: ${plane}`);
  }
  console.log(`website stand-in: ${w.app.url} (the probe reaches it through verification.connectTo)`);
  console.log(`load balancer names resolve at ${w.emulator.dnsServer} (verification.resolvers)`);
  console.log(`\nConfig for this emulator: ${w.configPath}`);
  if (switchKind) console.log(`\n${stringify(w.config)}`);
  else
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
