/**
 * A fleet in the emulator: up to three applications serving from ap-southeast-1, each
 * with its own ALB, record, certificate, local HTTPS stand-in, drctl.yaml and journal
 * folder, and a fleet file listing them. `shop` (www.example.com) and `api`
 * (api.example.com) share the hosted zone example.com; `blog` (www.example.org) has its
 * own. Seeding only: nothing here changes how the emulator behaves.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChangeResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { stringify } from 'yaml';
import { type AppServer, FLEET_CA_FILE, startAppServer } from './app-server.js';
import { clientConfig, emulatorEnv } from './aws-clients.js';
import { type Emulator, type EmulatorOptions, startEmulator } from './emulator.js';
import { worldConfig } from './failover-world.js';
import { ensureAlb, ensureCertificate, ensureZone, seedPrimaryWorld, type World } from './seed.js';

interface FleetAppSeed {
  name: string;
  zone: string;
  record: string;
  wave: number;
}

/** The fleet's apps, in fleet-file order: two share example.com. */
const FLEET_APPS: FleetAppSeed[] = [
  { name: 'shop', zone: 'example.com.', record: 'www.example.com.', wave: 1 },
  { name: 'api', zone: 'example.com.', record: 'api.example.com.', wave: 1 },
  { name: 'blog', zone: 'example.org.', record: 'www.example.org.', wave: 2 },
];

export interface FleetWorldApp extends FleetAppSeed {
  hostedZoneId: string;
  /** The ALB the record aliases before the failover. */
  primaryAlbDns: string;
  server: AppServer;
  configPath: string;
  journalDir: string;
}

export interface FleetWorld {
  emulator: Emulator;
  world: World;
  apps: FleetWorldApp[];
  dir: string;
  fleetPath: string;
  env: Record<string, string>;
  stop(): Promise<void>;
}

export interface FleetWorldOptions extends EmulatorOptions {
  /** How many of FLEET_APPS (1-3); default 3. */
  apps?: number;
  /** Merged into the fleet file (concurrency, combineZoneBatches...). */
  fleet?: Record<string, unknown>;
}

async function seedApp(endpoint: string, world: World, a: FleetAppSeed, i: number) {
  if (a.name === 'shop') return { hostedZoneId: world.hostedZoneId, primaryAlbDns: world.primaryAlb.dnsName };
  const alb = await ensureAlb(endpoint, world.primaryRegion, `${a.name}-prod-alb`, `10.${40 + i}.0.0/16`);
  const r53 = new Route53Client(clientConfig(endpoint, 'us-east-1'));
  try {
    const hostedZoneId = await ensureZone(r53, a.zone);
    await r53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: hostedZoneId,
        ChangeBatch: {
          Comment: `drctl emulator fleet seed (${a.name})`,
          Changes: [
            {
              Action: 'UPSERT',
              ResourceRecordSet: {
                Name: a.record,
                Type: 'A',
                AliasTarget: {
                  HostedZoneId: alb.canonicalHostedZoneId,
                  DNSName: `dualstack.${alb.dnsName}.`,
                  EvaluateTargetHealth: true,
                },
              },
            },
          ],
        },
      }),
    );
    for (const region of world.targetRegions)
      await ensureCertificate(endpoint, region, a.record.replace(/\.$/, ''));
    return { hostedZoneId, primaryAlbDns: alb.dnsName };
  } finally {
    r53.destroy();
  }
}

export async function startFleetWorld(options: FleetWorldOptions = {}): Promise<FleetWorld> {
  const count = options.apps ?? 3;
  if (!Number.isInteger(count) || count < 1 || count > FLEET_APPS.length)
    throw new Error(`--apps must be 1 to ${FLEET_APPS.length}, not ${options.apps}`);
  const emulator = await startEmulator(options);
  const servers: AppServer[] = [];
  try {
    const world = await seedPrimaryWorld(emulator.endpoint, { routing: 'simple' });
    const dir = mkdtempSync(join(tmpdir(), 'drctl-fleet-'));
    const apps: FleetWorldApp[] = [];
    for (const [i, a] of FLEET_APPS.slice(0, count).entries()) {
      const seeded = await seedApp(emulator.endpoint, world, a, i);
      const server = await startAppServer({ region: 'us-east-1', certificate: 'fleet' });
      servers.push(server);
      const appDir = join(dir, a.name);
      mkdirSync(appDir);
      const journalDir = join(appDir, 'runs');
      const base = worldConfig(world, { appPort: server.port, dnsServer: emulator.dnsServer, journalDir });
      const name = a.record.replace(/\.$/, '');
      const config = {
        ...base,
        app: a.name,
        dns: { hostedZone: a.zone, record: { name, type: 'A', routing: 'simple' } },
        certificates: Object.fromEntries(world.targetRegions.map((r) => [r, { domain: name }])),
        verification: { ...(base.verification as object), caFile: FLEET_CA_FILE },
      };
      const configPath = join(appDir, 'drctl.yaml');
      writeFileSync(configPath, stringify(config));
      apps.push({ ...a, ...seeded, server, configPath, journalDir });
    }
    const fleetPath = join(dir, 'fleet.yaml');
    const fleet = {
      concurrency: 3,
      combineZoneBatches: true,
      ...options.fleet,
      apps: apps.map((a) => ({ config: `./${a.name}/drctl.yaml`, wave: a.wave })),
    };
    writeFileSync(fleetPath, stringify(fleet));
    return {
      emulator,
      world,
      apps,
      dir,
      fleetPath,
      env: emulatorEnv(emulator.endpoint),
      async stop() {
        await Promise.all(servers.map((s) => s.close()));
        await emulator.stop();
      },
    };
  } catch (e) {
    await Promise.all(servers.map((s) => s.close()));
    await emulator.stop();
    throw e;
  }
}
