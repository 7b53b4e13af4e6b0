/**
 * `--notify <url>`: POST the drill's JSON result to a webhook (a chat bridge, an incident
 * tool, a metrics collector). A webhook that fails is reported, never fatal: the drill's
 * own exit code stays the signal a scheduler acts on.
 */
import type { DrillResult } from '../engine/drill/types.js';

/** Give up on a webhook after this long, ms. */
export const NOTIFY_TIMEOUT_MS = 10_000;

export async function notifyWebhook(url: string, result: DrillResult): Promise<string | undefined> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'drctl-drill' },
      body: JSON.stringify({ type: 'drill-result', version: 1, ...result }),
      signal: AbortSignal.timeout(NOTIFY_TIMEOUT_MS),
    });
    await res.arrayBuffer().catch(() => undefined);
    return res.ok ? undefined : `the webhook answered HTTP ${res.status}`;
  } catch (e) {
    return `could not POST to the webhook: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** `--notify` must be an http(s) URL: checked before the drill starts, not after it ran. */
export function checkNotifyUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const u = new URL(url);
    if (u.protocol === 'http:' || u.protocol === 'https:') return undefined;
  } catch {
    // fall through
  }
  return `--notify "${url}" is not an http(s) URL (for example https://hooks.example.com/drills).`;
}
