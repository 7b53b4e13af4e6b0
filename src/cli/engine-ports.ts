/** Wires the engine's ports to AWS and local adapters. Imported lazily by commands that run the engine. */
import type { Config } from '../config/schema.js';
import type { EnginePorts } from '../engine/input.js';
import type { awsAdapters } from './context.js';

/** The data-plane switch, S3 lock and authoritative DNS client (issue 15), built from the config. */
export { type DataPlaneSettings, wireDataPlane } from './data-plane-ports.js';

/** The run's AWS adapters, built once (`awsAdapters`). */
export type AwsAdapters = Awaited<ReturnType<typeof awsAdapters>>;

export interface WiredPorts {
  ports: EnginePorts;
  factory: AwsAdapters['factory'];
  /** Closes the SDK clients' sockets. */
  close(): void;
}

export interface JournalSettings {
  dir: string;
  /** `journal.s3` from the config: mirror each run's journal there. */
  s3?: string;
  /** Where mirror problems are reported (they never stop a run). */
  warn: (message: string) => void;
}

interface NetworkSettings {
  /** `verification.resolvers`: DNS servers for the ALB's name. Default: the system's. */
  resolvers?: string[];
}

/** The config sections that choose the switch and lock adapters (docs/data-plane.md). Default: records mode, Route 53 lock. */
export type DataPlaneConfig = Pick<Config, 'switch' | 'lock'>;

/** The engine's ports on the run's adapters; `close()` closes the run's one client factory. */
export async function wireEnginePorts(
  aws: AwsAdapters,
  journal: JournalSettings,
  hostedZoneId: string,
  network: NetworkSettings = {},
  dataPlane?: DataPlaneConfig,
): Promise<WiredPorts> {
  const { wireDataPlane } = await import('./data-plane-ports.js');
  // Records mode with the Route 53 lock needs none of them (nor their SDK clients).
  const plane =
    dataPlane && (dataPlane.switch.mode !== 'records' || dataPlane.lock.store !== 'route53')
      ? await wireDataPlane(aws.factory, dataPlane)
      : undefined;
  const [
    { Route53Lock },
    { FileJournal },
    { HttpsProbe },
    { DnsResolver },
    { systemClock },
    { RdsDatabase },
    { S3Media },
  ] = await Promise.all([
    import('../aws/route53-lock.js'),
    import('../local/file-journal.js'),
    import('../local/https-probe.js'),
    import('../local/dns-resolver.js'),
    import('../local/system-clock.js'),
    import('../aws/rds-database.js'),
    import('../aws/s3-media.js'),
  ]);
  return {
    ports: {
      stacks: aws.stacks,
      lbs: aws.loadBalancers,
      dns: aws.dns,
      identity: aws.identity,
      probe: new HttpsProbe(),
      resolver: new DnsResolver(network.resolvers ?? []),
      clock: systemClock,
      journal: await journalPort(aws.factory, journal, new FileJournal(journal.dir)),
      lock: plane?.lock ?? new Route53Lock(aws.lockDns, hostedZoneId),
      db: new RdsDatabase(aws.factory),
      media: new S3Media(aws.factory),
      ...(plane?.trafficSwitch ? { switch: plane.trafficSwitch } : {}),
      ...(plane ? { authDns: plane.authoritativeDns } : {}),
    },
    factory: aws.factory,
    close: () => aws.factory.destroy(),
  };
}

async function journalPort(
  factory: import('../aws/clients.js').ClientFactory,
  settings: JournalSettings,
  local: import('../ports/journal.js').JournalPort,
) {
  if (!settings.s3) return local;
  const [{ MirroredJournal }, { S3ObjectStore }] = await Promise.all([
    import('../local/mirrored-journal.js'),
    import('../aws/s3-object-store.js'),
  ]);
  return new MirroredJournal(local, new S3ObjectStore(factory, settings.s3), { warn: settings.warn });
}
