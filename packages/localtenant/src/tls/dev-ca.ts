import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createSelfSigned, issueServerCertificate, notAfter, parseCertificate } from './certificates.ts';

/** The TLS material a localtenant server listens with. */
export interface DevTls {
  /** Absolute path of the development CA certificate (what clients trust). */
  caCertPath: string;
  cert: string;
  key: string;
  /** True when this call generated the CA (first start). */
  created: boolean;
}

const SERVER_NAMES = { dnsNames: ['localhost'], ipAddresses: ['127.0.0.1', '::1'] };

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

async function writeAtomic(path: string, text: string, mode: number): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, text, { mode });
  await chmod(temp, mode);
  await rename(temp, path);
}

function stillValid(pem: string, days: number): boolean {
  try {
    return notAfter(parseCertificate(pem)).getTime() > Date.now() + days * 86_400_000;
  } catch {
    return false;
  }
}

/**
 * Returns the development CA and a `localhost`/`127.0.0.1`/`::1` server certificate kept in `dir`,
 * generating them on first use (and the server certificate again when it nears expiry).
 * The CA's private key never leaves `dir` (mode 0600).
 */
export async function ensureDevTls(dir: string): Promise<DevTls> {
  const root = resolve(dir);
  await mkdir(root, { recursive: true, mode: 0o700 });
  const paths = {
    caCert: join(root, 'ca.pem'),
    caKey: join(root, 'ca-key.pem'),
    cert: join(root, 'server.pem'),
    key: join(root, 'server-key.pem'),
  };
  let caCertPem = await readIfPresent(paths.caCert);
  let caKeyPem = await readIfPresent(paths.caKey);
  let created = false;
  if (!caCertPem || !caKeyPem || !stillValid(caCertPem, 30)) {
    const ca = await createSelfSigned({
      subject: 'CN=localtenant development CA, O=localtenant',
      days: 3650,
      ca: true,
    });
    caCertPem = ca.certPem;
    caKeyPem = ca.keyPem;
    await writeAtomic(paths.caKey, caKeyPem, 0o600);
    await writeAtomic(paths.caCert, caCertPem, 0o644);
    created = true;
  }
  let cert = await readIfPresent(paths.cert);
  let key = await readIfPresent(paths.key);
  const issuedByCa = cert ? issuedBy(cert, caCertPem) : false;
  if (created || !cert || !key || !issuedByCa || !stillValid(cert, 7)) {
    const server = await issueServerCertificate(
      { certPem: caCertPem, keyPem: caKeyPem },
      { ...SERVER_NAMES, days: 397 },
    );
    cert = server.certPem;
    key = server.keyPem;
    await writeAtomic(paths.key, key, 0o600);
    await writeAtomic(paths.cert, cert, 0o644);
  }
  return { caCertPath: paths.caCert, cert, key, created };
}

function issuedBy(pem: string, caPem: string): boolean {
  try {
    return parseCertificate(pem).checkIssued(parseCertificate(caPem));
  } catch {
    return false;
  }
}

/** How to make Node and browsers trust the development CA, for start-up output. */
export function trustInstructions(caCertPath: string): string {
  return [
    `Development CA: ${caCertPath}`,
    `  Node (MSAL for Node, openid-client, fetch): export NODE_EXTRA_CA_CERTS="${caCertPath}"`,
    `  Chrome/Chromium on Linux: certutil -d sql:$HOME/.pki/nssdb -A -t "C,," -n localtenant -i "${caCertPath}"`,
    `  macOS: sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain "${caCertPath}"`,
    `  Windows: certutil -addstore -f ROOT "${caCertPath}"`,
  ].join('\n');
}
