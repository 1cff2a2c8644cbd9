import { resolve } from 'node:path';
import { ensureDevTls, trustInstructions } from '../tls/dev-ca.ts';
import type { CliOptions } from './main.ts';

/** `localtenant ca`: creates the development CA if needed and says how to trust it. */
export async function caCommand(options: CliOptions): Promise<void> {
  const dir = process.env.LOCALTENANT_TLS_DIR ?? resolve(options['data-dir'] ?? '.localtenant', 'tls');
  const { caCertPath } = await ensureDevTls(dir);
  process.stdout.write(`${trustInstructions(caCertPath)}\n`);
}
