/**
 * Probe port: one HTTPS request to the application, sent to a chosen address while the
 * TLS SNI and Host header carry the public hostname (so the new ALB is tested as users
 * will reach it, before DNS points there).
 */

export interface ProbeRequest {
  /** Public hostname: SNI, Host header and the name the certificate must match. */
  hostname: string;
  /** Where to connect (the new ALB's DNS name); defaults to `hostname`. */
  connectHost?: string;
  port?: number;
  path: string;
  timeoutMs: number;
  /**
   * curl `--connect-to` rules, `HOST1:PORT1:HOST2:PORT2`; an empty HOST1/PORT1 matches any.
   * Lets tests and demos send the probe to a local server.
   */
  connectTo?: string[];
  /** Extra CA bundle (PEM file) trusted besides the system's. */
  caFile?: string;
}

export interface ProbeResult {
  ok: boolean;
  status?: number;
  latencyMs: number;
  /** Why it failed, in one line (TLS error, timeout, unexpected status). */
  error?: string;
}

export interface ProbePort {
  probe(req: ProbeRequest, expectStatus: number): Promise<ProbeResult>;
}
