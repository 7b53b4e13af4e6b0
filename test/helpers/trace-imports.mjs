// Preload for child processes: reports every module resolved from a package we want to keep
// off the start-up path (AWS SDK, ora, inquirer), so tests can prove --help does not load them.
import { registerHooks } from 'node:module';

const watched = /node_modules\/(@aws-sdk|@smithy|ora|@inquirer)\//;
registerHooks({
  resolve(specifier, context, next) {
    const result = next(specifier, context);
    if (watched.test(result.url)) process.stderr.write(`TRACE-IMPORT ${result.url}\n`);
    return result;
  },
});
