/**
 * Everything a failover against the emulator needs, in one call: the emulator, the seeded
 * primary world, a local HTTPS server standing in for the application (the probe reaches
 * it through `connectTo`), the emulator's DNS server as the resolver of the ALBs' names,
 * and a drctl.yaml in a temporary folder pointing at all of it.
 * Used by the demo and the emulator tests.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { type AppServer, startAppServer } from './app-server.js';
import { emulatorEnv } from './aws-clients.js';
import { type Emulator, type EmulatorOptions, startEmulator } from './emulator.js';
import { type Routing, seedPrimaryWorld, type World } from './seed.js';

export interface FailoverWorld {
  emulator: Emulator;
  world: World;
  app: AppServer;
  /** Folder holding the config and the journals. */
  dir: string;
  configPath: string;
  /** The config written to configPath, as data. */
  config: Record<string, unknown>;
  journalDir: string;
  /** Environment for a drctl child process: endpoint and fake credentials. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export interface FailoverWorldOptions extends EmulatorOptions {
  routing?: Routing;
  /** Seed www.example.com's record sets; default true (false: a switch template owns them). */
  records?: boolean;
  /** Extra settings merged into the generated config's `verification`. */
  verification?: Record<string, unknown>;
}

export interface WorldConfigOptions {
  /** Port of the local HTTPS app the probe reaches through `connectTo`. */
  appPort: number;
  /** The emulator's DNS server (`Emulator.dnsServer`): resolves the emulated ALBs' names. */
  dnsServer: string;
  journalDir: string;
  verification?: Record<string, unknown>;
}

/** The drctl.yaml (as data) that points drctl at a seeded world, as `drctl init` would. */
export function worldConfig(world: World, o: WorldConfigOptions): Record<string, unknown> {
  const routing = world.routing;
  const setIdentifiers = Object.fromEntries(world.regions.map((r) => [r, r]));
  return {
    app: 'shop',
    containerImage: '123456789012.dkr.ecr.{region}.amazonaws.com/shop:1.0.0',
    primaryRegion: world.primaryRegion,
    targetRegions: world.targetRegions,
    defaultEnvironment: 'prod',
    dns: {
      hostedZone: world.hostedZoneName,
      record: {
        name: world.recordName,
        type: 'A',
        routing,
        ...(routing === 'simple' ? {} : { setIdentifiers }),
      },
    },
    certificates: Object.fromEntries(
      world.targetRegions.map((r) => [r, { domain: world.recordName.replace(/\.$/, '') }]),
    ),
    verification: {
      path: '/healthz',
      consecutiveSuccesses: 3,
      intervalSeconds: 0.2,
      timeoutSeconds: 2,
      windowSeconds: 20,
      connectTo: [`::127.0.0.1:${o.appPort}`],
      caFile: resolve('test/fixtures/tls/ca.pem'),
      resolvers: [o.dnsServer],
      ...o.verification,
    },
    journal: { dir: o.journalDir },
  };
}

export async function startFailoverWorld(options: FailoverWorldOptions = {}): Promise<FailoverWorld> {
  const emulator = await startEmulator(options);
  try {
    const routing = options.routing ?? 'simple';
    const world = await seedPrimaryWorld(emulator.endpoint, {
      routing,
      ...(options.records === undefined ? {} : { records: options.records }),
    });
    const app = await startAppServer({ region: 'us-east-1' });
    const dir = mkdtempSync(join(tmpdir(), 'drctl-world-'));
    const journalDir = join(dir, 'runs');
    const config = worldConfig(world, {
      appPort: app.port,
      dnsServer: emulator.dnsServer,
      journalDir,
      ...(options.verification ? { verification: options.verification } : {}),
    });
    const configPath = join(dir, 'drctl.yaml');
    writeFileSync(configPath, stringify(config));
    return {
      emulator,
      world,
      app,
      dir,
      configPath,
      config,
      journalDir,
      env: emulatorEnv(emulator.endpoint),
      async stop() {
        await app.close();
        await emulator.stop();
      },
    };
  } catch (e) {
    await emulator.stop();
    throw e;
  }
}
