/** RPO arithmetic and the sentences that refuse or accept it. */
import { DrctlError } from '../../errors.js';

/** `45s`, `12m`, `7h 12m`, `3d 4h`: the age an operator reads at a glance. */
export function formatAge(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h}h ${m % 60}m` : `${h}h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d}d ${h % 24}h` : `${d}d`;
}

export interface RpoVerdict {
  /** Unknown RPOs count as within: there is nothing to compare. */
  within: boolean;
  maxRpoSeconds?: number;
}

export function rpoVerdict(rpoSeconds: number | null, maxRpoMinutes: number | undefined): RpoVerdict {
  if (maxRpoMinutes === undefined) return { within: true };
  const maxRpoSeconds = maxRpoMinutes * 60;
  return { within: rpoSeconds === null || rpoSeconds <= maxRpoSeconds, maxRpoSeconds };
}

/** The refusal when a recovery would lose more than the configured maximum. */
export function rpoRefusal(what: string, rpoSeconds: number, maxRpoMinutes: number): DrctlError {
  return new DrctlError(
    'REFUSED',
    `${what} would lose up to ${formatAge(rpoSeconds)} of writes, over the maximum RPO of ${formatAge(maxRpoMinutes * 60)}.`,
    {
      source: 'user',
      hints: [
        'Pass --accept-rpo to recover with this data anyway, or raise data.maxRpoMinutes in drctl.yaml.',
        'docs/data.md explains how to keep fresher copies in the recovery region.',
      ],
    },
  );
}
