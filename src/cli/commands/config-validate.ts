/** `drctl config validate`: offline; every problem one sentence; exit 2 when invalid. */
import type { Context } from '../context.js';
import { printResult } from '../json-out.js';

export async function configValidateCommand(ctx: Context): Promise<number> {
  const { config, path } = await ctx.loadConfig();
  const regions = [config.primaryRegion, ...config.targetRegions].join(', ');
  if (ctx.globals.json) {
    printResult(ctx.io, 'config-valid', { path, app: config.app, regions: regions.split(', ') }, 0);
  } else {
    ctx.io.out(
      `${path} is valid: app ${config.app}, record ${config.dns.record.name} (${config.dns.record.routing}), regions ${regions}.`,
    );
  }
  return 0;
}
