/**
 * The data-plane adapters of issue 15, built from the config's `switch`, `lock` and
 * `verification` sections (docs/data-plane.md): the traffic switch (ARC routing controls or
 * S3 objects), the S3 lock, and the client that asks a zone's authoritative name servers.
 * Each adapter is imported lazily, only when the config uses it.
 */
import type { ClientFactory } from '../aws/clients.js';
import type { Config } from '../config/schema.js';
import type { AuthoritativeDnsPort } from '../ports/authoritative-dns.js';
import type { LockPort } from '../ports/lock.js';
import type { TrafficSwitchPort } from '../ports/traffic-switch.js';

/** The config sections this reads. */
export type DataPlaneSettings = Pick<Config, 'switch' | 'lock'>;

export interface DataPlanePorts {
  /** Absent in `records` mode (the record sets themselves move). */
  trafficSwitch?: TrafficSwitchPort;
  /** The S3 lock when `lock.store` is `s3`; absent for the Route 53 lock. */
  lock?: LockPort;
  authoritativeDns: AuthoritativeDnsPort;
}

export async function wireDataPlane(factory: ClientFactory, s: DataPlaneSettings): Promise<DataPlanePorts> {
  const { AuthoritativeDns } = await import('../local/authoritative-dns.js');
  return {
    trafficSwitch: await trafficSwitch(factory, s.switch),
    lock: await lock(factory, s.lock),
    authoritativeDns: new AuthoritativeDns(),
  };
}

async function trafficSwitch(
  factory: ClientFactory,
  s: DataPlaneSettings['switch'],
): Promise<TrafficSwitchPort | undefined> {
  if (s.mode === 'arc') {
    const { ArcRoutingControls } = await import('../aws/arc-routing-controls.js');
    return new ArcRoutingControls(factory, required(s.arc, 'switch.arc', s.mode));
  }
  if (s.mode === 's3-object') {
    const { S3ObjectSwitch } = await import('../aws/s3-object-switch.js');
    return new S3ObjectSwitch(factory, required(s.s3Object, 'switch.s3Object', s.mode));
  }
  return undefined;
}

async function lock(factory: ClientFactory, s: DataPlaneSettings['lock']): Promise<LockPort | undefined> {
  if (s.store !== 's3') return undefined;
  const { S3Lock } = await import('../aws/s3-lock.js');
  return new S3Lock(factory, required(s.s3, 'lock.s3', 'lock.store s3'));
}

/** The config rules already demand these; a second, plain check keeps a bad call from going far. */
function required<T>(v: T | undefined, section: string, why: string): T {
  if (v === undefined) throw new Error(`${section} is missing, and ${why} needs it`);
  return v;
}
