import { resolve } from 'node:path';
import { createLogger } from '../logger.ts';
import { createContext, DEMO_TENANT_PATH } from '../server.ts';
import type { CliOptions } from './main.ts';

/**
 * `localtenant keys rotate`: adds a new signing key to the data directory's store. A running server on the same
 * data directory signs with it within seconds; the old key stays in the JWKS until its tokens have expired.
 */
export async function keysCommand(options: CliOptions): Promise<void> {
  const ctx = await createContext({
    tenant: options.tenant ?? DEMO_TENANT_PATH,
    dataDir: resolve(options['data-dir'] ?? '.localtenant'),
    ...(options.postgres ? { postgres: { connectionString: options.postgres } } : {}),
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
}
