/** IdentityPort on STS. */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { Identity, IdentityPort } from '../ports/identity.js';
import type { ClientFactory } from './clients.js';

export class StsIdentity implements IdentityPort {
  constructor(private readonly clients: ClientFactory) {}

  async whoami(region: string): Promise<Identity> {
    const out = await this.clients.call('STS GetCallerIdentity', () =>
      this.clients.sts(region).send(new GetCallerIdentityCommand({})),
    );
    return { account: out.Account ?? '', arn: out.Arn ?? '', userId: out.UserId ?? '' };
  }
}
