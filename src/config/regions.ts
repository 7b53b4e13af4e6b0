/**
 * AWS region names drctl accepts. A typo in a region during an outage costs minutes, so
 * names are checked offline against this list (updated by hand when AWS opens a region;
 * `allowUnknownRegions` in the config lets a newer region through before we catch up).
 */
const AWS_REGIONS = [
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-central-1',
  'ca-west-1',
  'cn-north-1',
  'cn-northwest-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-gov-east-1',
  'us-gov-west-1',
  'us-west-1',
  'us-west-2',
] as const;

const known = new Set<string>(AWS_REGIONS);
const SHAPE = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;

export function isKnownRegion(name: string): boolean {
  return known.has(name);
}

/** Shaped like a region name (`xx-word-N`), known or not. */
export function looksLikeRegion(name: string): boolean {
  return SHAPE.test(name);
}

/** The closest known region, for "did you mean" hints. */
export function suggestRegion(name: string): string | undefined {
  let best: string | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const r of AWS_REGIONS) {
    const d = distance(name, r);
    if (d < bestScore) {
      bestScore = d;
      best = r;
    }
  }
  return bestScore <= 3 ? best : undefined;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
