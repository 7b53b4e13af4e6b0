/**
 * The fault matrix's world: one emulator and one fault proxy shared by every case of a
 * file, and drctl's real engine and AWS adapters wired in this process with the SDK
 * pointed at the proxy. In-process runs keep 60+ cases inside the time budget (a CLI
 * process would add its start-up and a fresh emulator per case); signals, which need a
 * real process, are in signals.test.ts.
 *
 * Isolation between cases without paying for a full emulator reset each time (moto's
 * reset plus the seed cost more than the failover itself): every case fails over into a
 * region no earlier case deployed into, the record sets and the lock are put back to the
 * seeded state, and only when the pool of regions is used up is the emulator reset and
 * re-seeded. So each case starts from the same primary world and an empty target region.
 *
 * What is shortened here, and why it does not weaken the cases: the SDK keeps its own
 * retry classification and attempt count but waits 10 ms between attempts; callAws keeps
 * its 5 throttling retries with 5 ms delays; waits and probe windows are seconds, not
 * minutes; each HTTP attempt times out after 3 s (not less: moto creates a whole stack inside
 * CreateStack, and a timed-out CreateStack retried meets AlreadyExists). Behaviour, not timing, is under test.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ClientFactory } from '../../src/aws/clients.js';
import { CloudFormationStacks } from '../../src/aws/cloudformation-stacks.js';
import { Elbv2LoadBalancers } from '../../src/aws/elbv2-load-balancers.js';
import { RdsDatabase } from '../../src/aws/rds-database.js';
import { Route53Dns } from '../../src/aws/route53-dns.js';
import { Route53Lock } from '../../src/aws/route53-lock.js';
import { StsIdentity } from '../../src/aws/sts-identity.js';
import { assembleFailoverInput } from '../../src/cli/failover-input.js';
import { loadConfig } from '../../src/config/load.js';
import type { EnginePorts, FailoverInput } from '../../src/engine/input.js';
import { pacedDns, route53Pacer } from '../../src/engine/pace.js';
import { DnsResolver } from '../../src/local/dns-resolver.js';
import { FileJournal } from '../../src/local/file-journal.js';
import { HttpsProbe } from '../../src/local/https-probe.js';
import { systemClock } from '../../src/local/system-clock.js';
import { RETRY_BUDGET, type RetryPolicy } from '../../src/ports/retry.js';
import { type AppServer, startAppServer } from '../harness/app-server.js';
import { FAKE_CREDENTIALS } from '../harness/aws-clients.js';
import { type Emulator, startEmulator } from '../harness/emulator.js';
import { worldConfig } from '../harness/failover-world.js';
import { type FaultProxy, isMutation, startFaultProxy } from '../harness/fault-proxy.js';
import { ensureCertificate, seedPrimaryWorld, type World } from '../harness/seed.js';
import { restoreRecords } from './dns-state.js';

/** Target regions, each used by at most one deploying case between two resets. */
const REGION_POOL = [
  'us-east-1',
  'us-west-2',
  'us-east-2',
  'us-west-1',
  'ca-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-central-1',
  'eu-north-1',
  'ap-northeast-1',
  'ap-south-1',
  'sa-east-1',
  'eu-west-3',
  'eu-south-1',
  'ap-northeast-2',
  'ap-southeast-2',
  'ap-northeast-3',
  'ca-west-1',
  'eu-central-2',
  'ap-south-2',
];

/** The shipped clients and retry rule (attempts, what is retried), with fake credentials. */
class FastClients extends ClientFactory {
  override config(region: string): Record<string, unknown> {
    return { ...super.config(region), credentials: { ...FAKE_CREDENTIALS } };
  }
}

/** drctl's retry rule and attempts (src/ports/retry.ts) with test-speed pauses. */
const fastRetry: RetryPolicy = {
  ...RETRY_BUDGET,
  baseDelayMs: 5,
  maxDelayMs: 20,
  clock: systemClock,
};

interface Wired {
  ports: EnginePorts;
  factory: ClientFactory;
  close(): void;
}

export interface FaultWorld {
  emulator: Emulator;
  proxy: FaultProxy;
  app: AppServer;
  world: World;
  dir: string;
  configPath: string;
  /** The region the current case fails over to. */
  target: string;
  /**
   * A clean start for the next case: faults and recorded calls cleared, the app healthy,
   * the record sets and lock as seeded, an unused target region, a new journal folder.
   */
  reset(): Promise<void>;
  /**
   * Notes the regions the calls recorded so far deployed into (call before clearing them),
   * and `region` if given (a case that put a stack there behind the proxy's back).
   */
  spend(region?: string): void;
  journalDir: string;
  input(runId: string): Promise<FailoverInput>;
  /** Engine ports over the real adapters, every AWS call through the proxy. */
  wire(): Wired;
  stop(): Promise<void>;
}

export async function startFaultWorld(): Promise<FaultWorld> {
  const emulator = await startEmulator();
  const proxy = await startFaultProxy(emulator.endpoint);
  const app = await startAppServer({ region: 'target' });
  const dir = mkdtempSync(join(tmpdir(), 'drctl-faults-'));
  let certificates: Record<string, string> = {};
  let world = await seed();
  let cases = 0;
  let used = new Set<string>();
  const fw: FaultWorld = {
    emulator,
    proxy,
    app,
    world,
    dir,
    configPath: join(dir, 'drctl.yaml'),
    journalDir: join(dir, 'runs-0'),
    target: REGION_POOL[0]!,
    spend(region) {
      if (region) used.add(region);
      // A region is spent once anything was deployed (or tried) there.
      for (const c of proxy.calls) if (c.service === 'cloudformation' && isMutation(c)) used.add(c.region);
    },
    async reset() {
      fw.spend();
      proxy.clear();
      app.setHealthy(true);
      await emulator.setTargetHealth({ healthy: true });
      let next = REGION_POOL.find((r) => !used.has(r));
      if (!next) {
        await emulator.reset();
        world = await seed();
        fw.world = world;
        used = new Set();
        next = REGION_POOL[0]!;
      } else await restoreRecords(emulator.endpoint, world);
      fw.target = next;
      cases++;
      fw.journalDir = join(dir, `runs-${cases}`);
      writeConfig();
    },
    async input(runId) {
      const loaded = await loadConfig(fw.configPath);
      const input = assembleFailoverInput({
        config: loaded.config,
        configDir: loaded.dir,
        env: 'prod',
        targetRegion: fw.target,
        runId,
        hostedZoneId: world.hostedZoneId,
        runtime: { CertificateArn: certificates[fw.target]! },
        operator: { holder: 'faults@matrix', host: 'matrix' },
        flags: { yes: true },
      });
      const wait = (deadlineMs: number) => ({ minDelayMs: 40, maxDelayMs: 150, deadlineMs });
      return {
        ...input,
        waits: {
          stack: wait(20_000),
          albActive: wait(5_000),
          targetHealth: wait(2_000),
          dnsInsync: wait(1_500),
        },
      };
    },
    wire() {
      // Long enough for moto to create the compute stack on a loaded 2-core machine (a shorter
      // one made the SDK retry a slow but successful CreateStack into AlreadyExists), short
      // enough that the hung-connection cases (4 attempts) stay well inside their test timeout.
      const factory = new FastClients({
        endpointUrl: proxy.endpoint,
        requestTimeoutMs: 8_000,
        retry: fastRetry,
      });
      // Paced as the CLI wires it (src/cli/context.ts).
      const dns = pacedDns(new Route53Dns(factory), route53Pacer(systemClock));
      return {
        factory,
        ports: {
          stacks: new CloudFormationStacks(factory),
          lbs: new Elbv2LoadBalancers(factory),
          dns,
          identity: new StsIdentity(factory),
          probe: new HttpsProbe(),
          // Straight to the emulator's DNS server, not through the fault proxy: it is not
          // an AWS API call, and faults in resolution are the resolver's own unit tests.
          resolver: new DnsResolver([emulator.dnsServer]),
          clock: systemClock,
          journal: new FileJournal(fw.journalDir),
          lock: new Route53Lock(dns, world.hostedZoneId),
          db: new RdsDatabase(factory),
        },
        close: () => factory.destroy(),
      };
    },
    async stop() {
      await proxy.close();
      await app.close();
      await emulator.stop();
    },
  };
  async function seed(): Promise<World> {
    const w = await seedPrimaryWorld(emulator.endpoint);
    const arns = await Promise.all(REGION_POOL.map((r) => ensureCertificate(emulator.endpoint, r)));
    certificates = Object.fromEntries(REGION_POOL.map((r, i) => [r, arns[i]!]));
    return w;
  }
  function writeConfig() {
    const config = worldConfig(world, {
      appPort: app.port,
      dnsServer: emulator.dnsServer,
      journalDir: fw.journalDir,
      verification: { consecutiveSuccesses: 2, intervalSeconds: 0.1, timeoutSeconds: 1, windowSeconds: 1.5 },
    });
    config.targetRegions = REGION_POOL;
    config.certificates = Object.fromEntries(REGION_POOL.map((r) => [r, { domain: 'www.example.com' }]));
    writeFileSync(fw.configPath, stringify(config));
  }
  writeConfig();
  return fw;
}
