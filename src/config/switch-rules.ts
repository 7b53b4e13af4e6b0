/**
 * Rules of the `switch`, `lock` and data-plane settings that span fields (docs/data-plane.md).
 * The switch is only worth having if nothing it needs lives in the region that fails or on
 * Route 53's control plane: these rules refuse a config where it would.
 */
import { sentence } from './messages.js';
import type { Config } from './schema.js';

export function switchRules(c: Config): string[] {
  const out: string[] = [];
  const sw = c.switch;
  const regions = [c.primaryRegion, ...c.targetRegions];
  const outside = (r: string) => !regions.includes(r);

  if (sw.mode === 'records' && sw.controlPlane === 'avoid') {
    out.push(
      sentence(
        ['switch', 'controlPlane'],
        'avoid needs a data-plane switch, since mode records moves traffic with ChangeResourceRecordSets (a control-plane call)',
        'mode: arc',
      ),
    );
  }
  if (sw.mode !== 'arc' && sw.arc) {
    out.push(
      sentence(['switch', 'arc'], `is only used by mode arc, not ${sw.mode}; remove it or set mode: arc`),
    );
  }
  if (sw.mode !== 's3-object' && sw.s3Object) {
    out.push(
      sentence(
        ['switch', 's3Object'],
        `is only used by mode s3-object, not ${sw.mode}; remove it or set mode: s3-object`,
      ),
    );
  }

  if (sw.mode === 'arc') {
    if (!sw.arc) {
      out.push(
        sentence(
          ['switch', 'arc'],
          'is needed by mode arc (run `drctl init --switch arc --arc-cluster <arn>` to write it)',
        ),
      );
    } else {
      for (const r of regions) {
        if (!sw.arc.controls[r]) {
          out.push(sentence(['switch', 'arc', 'controls'], `has no routing control for region ${r}`));
        }
      }
      for (const r of Object.keys(sw.arc.controls)) {
        if (outside(r)) {
          out.push(
            sentence(['switch', 'arc', 'controls', r], `${r} is neither the primary nor a target region`),
          );
        }
      }
      const seen = new Set<string>();
      sw.arc.endpoints.forEach((e, i) => {
        if (seen.has(e.region)) {
          out.push(
            sentence(
              ['switch', 'arc', 'endpoints', i],
              `lists region ${e.region} twice; each endpoint is one region`,
            ),
          );
        }
        seen.add(e.region);
      });
    }
  }

  if (sw.mode === 's3-object') {
    const s = sw.s3Object;
    if (!s) {
      out.push(sentence(['switch', 's3Object'], 'is needed by mode s3-object'));
    } else {
      if (!outside(s.region)) {
        out.push(
          sentence(
            ['switch', 's3Object', 'region'],
            `${s.region} is ${s.region === c.primaryRegion ? 'the primary' : 'a target'} region; the switch bucket must live in a third region, or the outage it is for takes the switch down with it`,
          ),
        );
      }
      for (const r of regions) {
        if (!s.keys[r])
          out.push(sentence(['switch', 's3Object', 'keys'], `has no object key for region ${r}`));
      }
      for (const r of Object.keys(s.keys)) {
        if (outside(r)) {
          out.push(
            sentence(['switch', 's3Object', 'keys', r], `${r} is neither the primary nor a target region`),
          );
        }
      }
    }
  }

  if (
    sw.controlPlane === 'avoid' &&
    /^(\/hostedzone\/)?Z[A-Z0-9]{1,32}$/.test(c.dns.hostedZone) &&
    c.verification.nameServers.length === 0
  ) {
    out.push(
      sentence(
        ['verification', 'nameServers'],
        `must list the zone's authoritative servers, since dns.hostedZone is the id ${c.dns.hostedZone} and with controlPlane avoid drctl cannot ask Route 53 for its name (or give dns.hostedZone as the zone's name)`,
      ),
    );
  }

  const lock = c.lock;
  if (sw.controlPlane === 'avoid' && lock.store !== 's3') {
    out.push(
      sentence(
        ['lock', 'store'],
        `must be s3 when switch.controlPlane is avoid, since the ${lock.store} lock is a Route 53 control-plane record`,
        'store: s3',
      ),
    );
  }
  if (lock.store === 's3' && !lock.s3) {
    out.push(sentence(['lock', 's3'], 'is needed by store s3'));
  }
  if (lock.store !== 's3' && lock.s3) {
    out.push(
      sentence(['lock', 's3'], `is only used by store s3, not ${lock.store}; remove it or set store: s3`),
    );
  }
  if (lock.store === 's3' && lock.s3 && !outside(lock.s3.region)) {
    out.push(
      sentence(
        ['lock', 's3', 'region'],
        `${lock.s3.region} is ${lock.s3.region === c.primaryRegion ? 'the primary' : 'a target'} region; the lock must live in a third region, or the outage it is for takes the lock down with it`,
      ),
    );
  }
  return out;
}
