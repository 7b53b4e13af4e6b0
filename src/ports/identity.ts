/** Identity port: who drctl is acting as (STS GetCallerIdentity). */
export interface Identity {
  account: string;
  arn: string;
  userId: string;
}

export interface IdentityPort {
  whoami(region: string): Promise<Identity>;
}
