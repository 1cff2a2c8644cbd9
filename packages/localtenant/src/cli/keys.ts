import { resolve } from 'node:path';
import { createLogger } from '../logger.ts';
import { createContext, DEMO_TENANT_PATH } from '../server.ts';
import { commonOptions, defineCommand, postgresOption } from './command.ts';

/**
 * `localtenant keys rotate`: adds a new signing key to the data directory's store. A running server on the same
 * data directory signs with it within seconds; the old key stays in the JWKS until its tokens have expired.
 */
export const keysRotateCommand = defineCommand({
  name: 'keys rotate',
  summary: 'add a new signing key; a running server on the same data directory signs with it within seconds',
  synopsis: '[--tenant FILE] [--data-dir .localtenant] [--postgres URL [--postgres-schema NAME]]',
  options: commonOptions,
  async run(options) {
    const ctx = await createContext({
      tenant: options.tenant ?? DEMO_TENANT_PATH,
      dataDir: resolve(options['data-dir'] ?? '.localtenant'),
      ...postgresOption(options),
      log: createLogger('silent'),
    });
    try {
      const before = (await ctx.keys.active()).kid;
      const kid = await ctx.keys.rotate();
      process.stdout.write(
        `Signing key rotated: ${before} → ${kid}\nThe previous key stays published until its tokens expire.\n`,
      );
    } finally {
      await ctx.keys.idle();
      await ctx.storage.close();
    }
    return 0;
  },
});
