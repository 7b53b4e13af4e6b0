/** RegionPort on EC2 DescribeRegions (AllRegions, so disabled regions are listed too). */
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import type { RegionOptIn, RegionPort } from '../ports/readiness.js';
import { named, orMissing } from './call.js';
import type { ClientFactory } from './clients.js';

export class Ec2Regions implements RegionPort {
  constructor(private readonly clients: ClientFactory) {}

  /**
   * Asked of the global region, not of `region` itself: a region that is not enabled
   * refuses every call, and the primary region may be the one that is down.
   */
  async optInStatus(region: string): Promise<RegionOptIn | undefined> {
    const out = await orMissing(
      this.clients.call('EC2 DescribeRegions', () =>
        this.clients
          .ec2(this.clients.globalRegion)
          .send(new DescribeRegionsCommand({ AllRegions: true, RegionNames: [region] })),
      ),
      // An unknown name is an InvalidParameterValue, not an outage: report "unknown".
      named('InvalidParameterValue'),
    );
    const r = out?.Regions?.find((x) => x.RegionName === region);
    return r ? (r.OptInStatus ?? 'opt-in-not-required') : undefined;
  }
}
