import { createHash, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';

/**
 * The base64 SHA-256 of a certificate's SubjectPublicKeyInfo: the value Chromium's
 * `--ignore-certificate-errors-spki-list` takes to trust that one server key (and nothing else) without
 * touching the machine's trust store.
 */
export async function spkiHash(certPemPath: string): Promise<string> {
  const cert = new X509Certificate(await readFile(certPemPath));
  const spki = cert.publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}
