import { randomBytes } from 'node:crypto';

/** `20261130-0142-us-east-1-a1b2`: sortable, names the target, unique enough per operator. */
export function newRunId(targetRegion: string, now = new Date()): string {
  const iso = now.toISOString();
  const stamp = `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 13)}${iso.slice(14, 16)}`;
  return `${stamp}-${targetRegion}-${randomBytes(2).toString('hex')}`;
}
