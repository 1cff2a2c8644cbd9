import { createHash } from 'node:crypto';
import { type CryptoKey, importX509 } from 'jose';
import { notAfter, parseCertificate } from '../tls/certificates.ts';

/** A client certificate registered in an app's keyCredentials, ready to verify client assertions. */
export interface ClientCertificate {
  /** base64url SHA-1 thumbprint (`x5t`). */
  x5t: string;
  /** base64url SHA-256 thumbprint (`x5t#S256`). */
  x5tS256: string;
  /** Public key for RS256 and PS256. */
  keys: { RS256: CryptoKey; PS256: CryptoKey };
  notAfter: Date;
}

/** Accepts the manifest's base64 DER (`key`) or a PEM certificate. */
function toPem(key: string): string {
  if (key.includes('-----BEGIN CERTIFICATE-----')) return key;
  const b64 = key.replace(/\s/g, '');
  return `-----BEGIN CERTIFICATE-----\n${b64.replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`;
}

/** Parses a keyCredentials `key`; throws with a readable message when it is not a certificate. */
export async function parseClientCertificate(key: string): Promise<ClientCertificate> {
  const pem = toPem(key);
  const cert = parseCertificate(pem);
  const der = cert.raw;
  return {
    x5t: createHash('sha1').update(der).digest('base64url'),
    x5tS256: createHash('sha256').update(der).digest('base64url'),
    keys: { RS256: await importX509(pem, 'RS256'), PS256: await importX509(pem, 'PS256') },
    notAfter: notAfter(cert),
  };
}
