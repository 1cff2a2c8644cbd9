import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The localhost server certificate of the repository's development CA (`LOCALTENANT_TLS_DIR`, set by
 * scripts/with-dev-ca.ts), so that the peers serve HTTPS with the very certificate localtenant uses.
 */
export function devTlsFiles(): { certPath: string; keyPath: string; cert: string; key: string } {
  const dir = process.env.LOCALTENANT_TLS_DIR;
  if (!dir) throw new Error('LOCALTENANT_TLS_DIR is not set: run through scripts/with-dev-ca.ts');
  const certPath = join(dir, 'server.pem');
  const keyPath = join(dir, 'server-key.pem');
  return { certPath, keyPath, cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8') };
}
