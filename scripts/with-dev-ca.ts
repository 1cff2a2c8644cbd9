/**
 * Runs a command with the repository's development CA trusted by Node:
 *   node --import tsx scripts/with-dev-ca.ts <command> [args...]
 * The CA and server certificate live in `<repo>/.localtenant/tls` (generated on first use); the command gets
 * NODE_EXTRA_CA_CERTS pointing at the CA and LOCALTENANT_TLS_DIR pointing at the folder, so every
 * localtenant it starts (any data directory) serves a certificate Node trusts. Node reads
 * NODE_EXTRA_CA_CERTS only at process start, hence this wrapper. It also adds the `localtenant-source` export
 * condition to NODE_OPTIONS, so the command and every Node process it starts import the workspace packages
 * (localtenant, @localtenant/guard) from their TypeScript sources rather than their compiled dist/.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureDevTls } from '../packages/localtenant/src/tls/dev-ca.ts';

const tlsDir =
  process.env.LOCALTENANT_TLS_DIR ?? fileURLToPath(new URL('../.localtenant/tls', import.meta.url));
const { caCertPath } = await ensureDevTls(tlsDir);
const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: with-dev-ca.ts <command> [args...]');
  process.exit(2);
}
const child = spawn(command, args, {
  stdio: 'inherit',
  env: {
    ...process.env,
    NODE_EXTRA_CA_CERTS: caCertPath,
    LOCALTENANT_TLS_DIR: tlsDir,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --conditions=localtenant-source`.trim(),
  },
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
