/**
 * The AWS calls in flight, for the operator: a call that has not answered for a while
 * (a black-holed region, an endpoint that accepts connections but never replies) must
 * not be silence. `callAws` records each call and its attempt here; the CLI reads it and
 * prints what is awaited. No output from this layer (DESIGN: the aws layer never prints).
 */

export interface CallInFlight {
  /** "Route 53 ChangeResourceRecordSets", as callAws names it. */
  what: string;
  /** When the call began (all attempts), ms since the epoch. */
  startedAt: number;
  /** The attempt in progress, from 1. */
  attempt: number;
  /** Attempts allowed for a retryable failure. */
  of: number;
}

const inFlight = new Set<CallInFlight>();

export function trackCall(call: CallInFlight): () => void {
  inFlight.add(call);
  return () => {
    inFlight.delete(call);
  };
}

/** A snapshot of the calls in flight, oldest first. */
export function callsInFlight(): CallInFlight[] {
  return [...inFlight].map((c) => ({ ...c })).sort((a, b) => a.startedAt - b.startedAt);
}
