/**
 * Every AWS API call a benchmark run makes, stamped with virtual time: counts per service
 * and operation, and the peak request rate (most calls in any one-second window).
 */

export interface ApiCall {
  service: string;
  operation: string;
  /** Virtual time of the request, ms. */
  at: number;
}

export class CallLog {
  readonly calls: ApiCall[] = [];

  add(service: string, operation: string, at: number): void {
    this.calls.push({ service, operation, at });
  }

  /** `service operation` -> count, sorted by service then operation. */
  counts(): Map<string, number> {
    const m = new Map<string, number>();
    for (const c of this.calls)
      m.set(`${c.service} ${c.operation}`, (m.get(`${c.service} ${c.operation}`) ?? 0) + 1);
    return new Map([...m].sort(([a], [b]) => a.localeCompare(b)));
  }

  /** Calls matching `pick`, their times ascending. */
  times(pick: (c: ApiCall) => boolean = () => true): number[] {
    return this.calls
      .filter(pick)
      .map((c) => c.at)
      .sort((a, b) => a - b);
  }
}

/**
 * The most events in any window of `windowMs` (half-open: [t, t + windowMs)). Only windows
 * that start at an event need checking: sliding a window to its first event never loses one.
 */
export function peakInWindow(times: number[], windowMs = 1000): number {
  const sorted = [...times].sort((a, b) => a - b);
  let peak = 0;
  let j = 0;
  for (let i = 0; i < sorted.length; i++) {
    while (j < sorted.length && sorted[j]! < sorted[i]! + windowMs) j++;
    peak = Math.max(peak, j - i);
  }
  return peak;
}
