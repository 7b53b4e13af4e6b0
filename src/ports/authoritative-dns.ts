/**
 * Authoritative DNS port: what the zone's own name servers answer, asked directly. After a
 * data-plane flip (arc / s3-object) drctl cannot ask Route 53's control plane
 * (TestDNSAnswer) what it would answer, so it asks the authoritative servers themselves:
 * no resolver cache between, recursion off, several times each (each server decides from
 * health-check results it receives on its own schedule).
 */

/** One server's answer to one query. */
export interface AuthoritativeAnswer {
  /** The server asked, as given (`ip` or `ip:port`, IPv6 in brackets with a port). */
  server: string;
  /** The DNS RCODE name (`NOERROR`, `NXDOMAIN`, `SERVFAIL`, `REFUSED`, ...), or `TIMEOUT`
   *  when the server did not answer in time (an answer, not an error: the engine decides). */
  rcode: string;
  /** The answer section's addresses of the asked type; empty when none. */
  addresses: string[];
}

export interface AuthoritativeDnsPort {
  /** The zone's authoritative servers as `ip` / `ip:port` (NS lookup through the system resolver). */
  nameServers(zoneName: string): Promise<string[]>;
  /** Asks each server directly (no cache, RD off), `times` each; every answer, in order. */
  query(name: string, type: 'A' | 'AAAA', servers: string[], times: number): Promise<AuthoritativeAnswer[]>;
}
