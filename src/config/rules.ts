/** Rules that span fields, run after the schema accepts the shapes. One sentence each. */
import { accessSync, constants } from 'node:fs';
import { resolve } from 'node:path';
import { sentence } from './messages.js';
import { isKnownRegion, looksLikeRegion, suggestRegion } from './regions.js';
import type { Config } from './schema.js';
import { switchRules } from './switch-rules.js';

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

/** `www.example.com.` -> `www.example.com` (lower case, no trailing dot). */
export function normaliseDnsName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

function isHostedZoneId(s: string): boolean {
  return /^(\/hostedzone\/)?Z[A-Z0-9]{1,32}$/.test(s);
}

function isDnsName(name: string): boolean {
  const n = normaliseDnsName(name);
  return n.length > 0 && n.length <= 253 && n.split('.').every((l) => LABEL.test(l) || l === '*');
}

/** Every cross-field problem in a config the schema accepted; `baseDir` resolves relative files. */
export function checkRules(c: Config, baseDir: string): string[] {
  const out: string[] = [];
  const checkRegion = (path: (string | number)[], r: string) => {
    if (!looksLikeRegion(r)) {
      const hint = suggestRegion(r);
      out.push(sentence(path, `"${r}" is not an AWS region name${hint ? `; did you mean ${hint}?` : ''}`));
    } else if (!isKnownRegion(r) && !c.allowUnknownRegions) {
      const hint = suggestRegion(r);
      out.push(
        sentence(
          path,
          `"${r}" is not a region drctl knows${hint ? ` (did you mean ${hint}?)` : ''}; set allowUnknownRegions: true if it is new`,
        ),
      );
    }
  };

  checkRegion(['primaryRegion'], c.primaryRegion);
  const seen = new Set<string>();
  c.targetRegions.forEach((r, i) => {
    checkRegion(['targetRegions', i], r);
    if (r === c.primaryRegion) {
      out.push(
        sentence(['targetRegions', i], `"${r}" is the primary region; a failover must go to another region`),
      );
    }
    if (seen.has(r)) out.push(sentence(['targetRegions', i], `"${r}" is listed twice`));
    seen.add(r);
  });

  const rec = c.dns.record;
  const recName = normaliseDnsName(rec.name);
  if (!isDnsName(rec.name) || recName.includes('*')) {
    out.push(sentence(['dns', 'record', 'name'], `"${rec.name}" is not a valid host name`));
  }
  const zone = c.dns.hostedZone;
  if (!isHostedZoneId(zone)) {
    const zoneName = normaliseDnsName(zone);
    if (!isDnsName(zone)) {
      out.push(sentence(['dns', 'hostedZone'], `"${zone}" is neither a hosted zone id nor a domain name`));
    } else if (recName !== zoneName && !recName.endsWith(`.${zoneName}`)) {
      out.push(
        sentence(
          ['dns', 'record', 'name'],
          `"${rec.name}" is outside the hosted zone "${zone}"`,
          `name: www.${zoneName}`,
        ),
      );
    }
  }

  const allRegions = [c.primaryRegion, ...c.targetRegions];
  const ids = rec.setIdentifiers;
  if (rec.routing === 'simple') {
    if (Object.keys(ids).length > 0) {
      out.push(
        sentence(
          ['dns', 'record', 'setIdentifiers'],
          'set identifiers only apply to failover, weighted and latency routing; remove them or set routing',
          'routing: failover',
        ),
      );
    }
  } else {
    for (const r of allRegions) {
      if (!ids[r]) {
        out.push(
          sentence(
            ['dns', 'record', 'setIdentifiers'],
            `${rec.routing} routing needs a set identifier for region ${r}`,
            `setIdentifiers: {${r}: ${r}}`,
          ),
        );
      }
    }
    const byValue = new Map<string, string>();
    for (const [r, id] of Object.entries(ids)) {
      checkRegion(['dns', 'record', 'setIdentifiers', r], r);
      const other = byValue.get(id);
      if (other) {
        out.push(
          sentence(
            ['dns', 'record', 'setIdentifiers', r],
            `"${id}" is also the set identifier of ${other}; each must be unique`,
          ),
        );
      }
      byValue.set(id, r);
    }
  }
  const steps = rec.weightSteps;
  if (steps.some((s, i) => i > 0 && s <= steps[i - 1]!) || steps.at(-1) !== 100) {
    out.push(
      sentence(['dns', 'record', 'weightSteps'], `must rise and end at 100, got [${steps.join(', ')}]`),
    );
  }

  for (const [r, cert] of Object.entries(c.certificates)) {
    checkRegion(['certificates', r], r);
    if (!allRegions.includes(r)) {
      out.push(
        sentence(['certificates', r], `${r} is neither the primary nor a target region, so it is never used`),
      );
    }
    if (typeof cert === 'string') {
      const arnRegion = cert.split(':')[3];
      if (arnRegion !== r) {
        out.push(
          sentence(
            ['certificates', r],
            `the certificate ARN is in ${arnRegion}, not ${r}; ALBs need one from their own region`,
          ),
        );
      }
    } else if (!coversName(cert.domain, recName)) {
      out.push(
        sentence(
          ['certificates', r, 'domain'],
          `"${cert.domain}" does not cover ${recName}`,
          `domain: ${recName}`,
        ),
      );
    }
  }

  if (/\s/.test(c.containerImage) || /\{(?!region\})[^}]*\}/.test(c.containerImage)) {
    out.push(
      sentence(
        ['containerImage'],
        `"${c.containerImage}" is not an image reference (the only placeholder is {region})`,
      ),
    );
  }

  const dataSettings: [(string | number)[], Config['data']][] = [[['data'], c.data]];
  for (const [env, e] of Object.entries(c.environments))
    if (e?.data) dataSettings.push([['environments', env, 'data'], e.data]);
  for (const [path, d] of dataSettings) {
    if (d.strategy === 'snapshot' && !d.snapshot) {
      out.push(
        sentence(
          [...path, 'snapshot'],
          'is needed by strategy snapshot',
          'snapshot: {sourceClusterId: shop-prod-data}',
        ),
      );
    }
    if (d.strategy === 'global' && !d.global) {
      out.push(
        sentence(
          [...path, 'global'],
          'is needed by strategy global',
          'global: {globalClusterId: shop-global}',
        ),
      );
    }
  }

  if (c.media) {
    for (const r of c.targetRegions) {
      if (!c.media.replicaBuckets[r]) {
        out.push(
          sentence(
            ['media', 'replicaBuckets'],
            `has no replica bucket for target region ${r}`,
            `replicaBuckets: {${r}: ${c.media.sourceBucket}-${r}}`,
          ),
        );
      }
    }
  }
  out.push(...drillRules(c));
  out.push(...switchRules(c));

  const v = c.verification;
  if (v.windowSeconds < v.consecutiveSuccesses * v.intervalSeconds) {
    out.push(
      sentence(
        ['verification', 'windowSeconds'],
        `${v.windowSeconds}s is shorter than ${v.consecutiveSuccesses} probes ${v.intervalSeconds}s apart, so verification could never pass`,
        `windowSeconds: ${Math.ceil(v.consecutiveSuccesses * v.intervalSeconds * 4)}`,
      ),
    );
  }
  if (v.caFile && !readable(resolve(baseDir, v.caFile))) {
    out.push(
      sentence(
        ['verification', 'caFile'],
        `cannot read "${v.caFile}" (relative paths start at the config's folder)`,
      ),
    );
  }
  for (const [env, e] of Object.entries(c.environments)) {
    if (e?.parameters && !readable(resolve(baseDir, e.parameters))) {
      out.push(
        sentence(
          ['environments', env, 'parameters'],
          `cannot read "${e.parameters}" (relative paths start at the config's folder)`,
        ),
      );
    }
  }
  return out;
}

/** The drill record: a real name in the zone, and never the record production traffic uses. */
function drillRules(c: Config): string[] {
  const out: string[] = [];
  const r = c.drill.record;
  if (r === undefined) return out;
  const name = normaliseDnsName(r);
  const zone = c.dns.hostedZone;
  if (!isDnsName(r) || name.includes('*')) {
    out.push(sentence(['drill', 'record'], `"${r}" is not a valid host name`));
  } else if (name === normaliseDnsName(c.dns.record.name)) {
    out.push(
      sentence(
        ['drill', 'record'],
        `"${r}" is the production record; a drill needs a name of its own`,
        `record: dr-drill.${name.split('.').slice(1).join('.')}`,
      ),
    );
  } else if (!isHostedZoneId(zone) && !name.endsWith(`.${normaliseDnsName(zone)}`)) {
    out.push(
      sentence(
        ['drill', 'record'],
        `"${r}" is outside the hosted zone "${zone}"`,
        `record: dr-drill.${normaliseDnsName(zone)}`,
      ),
    );
  }
  for (const region of Object.keys(c.drill.kmsKeyIds)) {
    if (!c.targetRegions.includes(region)) {
      out.push(
        sentence(['drill', 'kmsKeyIds', region], `${region} is not a target region, so it is never used`),
      );
    }
  }
  return out;
}

/** Does a certificate domain (maybe a wildcard) cover the host name? */
export function coversName(domain: string, host: string): boolean {
  const d = normaliseDnsName(domain);
  if (d.startsWith('*.')) {
    const rest = d.slice(2);
    return host.endsWith(`.${rest}`) && !host.slice(0, -rest.length - 1).includes('.');
  }
  return d === host;
}

function readable(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}
