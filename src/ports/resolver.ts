/**
 * Resolver port: what a load balancer's DNS name resolves to now. Verification compares
 * these addresses with Route 53's answer, so it needs the name's live addresses, not a
 * name to compare with (Route 53 answers an alias with addresses, never the target's name).
 */

export interface ResolverPort {
  /**
   * The IPv4 (`A`) or IPv6 (`AAAA`) addresses `name` resolves to, CNAMEs followed, in any
   * order; empty when the name exists without such records. Throws when it cannot be
   * resolved at all (NXDOMAIN, no answer from the servers).
   */
  resolve(name: string, type: 'A' | 'AAAA'): Promise<string[]>;
}
