import { resolve } from 'node:path';
import { ensureDevTls, trustInstructions } from '../tls/dev-ca.ts';
import { commonOptions, defineCommand } from './command.ts';

/** `localtenant ca`: creates the development CA if needed and says how to trust it. */
export const caCommand = defineCommand({
  name: 'ca',
  summary: 'print the development CA path and how to trust it',
  synopsis: '[--data-dir .localtenant]',
  options: { 'data-dir': commonOptions['data-dir'] },
  async run(options) {
    const dir = process.env.LOCALTENANT_TLS_DIR ?? resolve(options['data-dir'] ?? '.localtenant', 'tls');
    const { caCertPath } = await ensureDevTls(dir);
    process.stdout.write(`${trustInstructions(caCertPath)}\n`);
    return 0;
  },
});
