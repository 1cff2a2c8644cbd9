import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

type CryptoKey = webcrypto.CryptoKey;

/** RSASSA-PKCS1-v1_5 with SHA-256 over a 2048-bit key: what Entra's signing certificates use. */
export const RSA_ALGORITHM = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
} as const;

/** A key pair and its certificate, as PEM text. */
export interface PemCertificate {
  certPem: string;
  keyPem: string;
}

const DAY = 86_400_000;

function serial(): string {
  // A positive 16-byte serial number (leading byte below 0x80).
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return Buffer.from(bytes).toString('hex');
}

async function exportKeyPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  const b64 = der.toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN PRIVATE KEY-----\n${b64}\n-----END PRIVATE KEY-----\n`;
}

async function importKeyPem(pem: string): Promise<CryptoKey> {
  const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  return webcrypto.subtle.importKey('pkcs8', der, RSA_ALGORITHM, true, ['sign']);
}

/**
 * Creates a self-signed certificate. With `ca: true` it is a certificate authority (the development CA);
 * otherwise a plain self-signed certificate such as the one behind each token-signing key.
 */
export async function createSelfSigned(options: {
  subject: string;
  days: number;
  ca?: boolean;
}): Promise<PemCertificate & { cert: x509.X509Certificate }> {
  const keys = await webcrypto.subtle.generateKey(RSA_ALGORITHM, true, ['sign', 'verify']);
  const extensions: x509.Extension[] = [];
  if (options.ca) {
    extensions.push(new x509.BasicConstraintsExtension(true, 0, true));
    extensions.push(
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    );
    extensions.push(await x509.SubjectKeyIdentifierExtension.create(keys.publicKey));
  }
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: options.subject,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + options.days * DAY),
    signingAlgorithm: RSA_ALGORITHM,
    keys,
    extensions,
  });
  return { cert, certPem: cert.toString('pem'), keyPem: await exportKeyPem(keys.privateKey) };
}

/** Issues a TLS server certificate for the given host names and IP addresses, signed by the CA. */
export async function issueServerCertificate(
  ca: PemCertificate,
  options: { dnsNames: string[]; ipAddresses: string[]; days: number },
): Promise<PemCertificate> {
  const caCert = new x509.X509Certificate(ca.certPem);
  const caKey = await importKeyPem(ca.keyPem);
  const keys = await webcrypto.subtle.generateKey(RSA_ALGORITHM, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${options.dnsNames[0] ?? 'localhost'}`,
    issuer: caCert.subject,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + options.days * DAY),
    signingAlgorithm: RSA_ALGORITHM,
    publicKey: keys.publicKey,
    signingKey: caKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
        true,
      ),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
      new x509.SubjectAlternativeNameExtension([
        ...options.dnsNames.map((value) => ({ type: 'dns' as const, value })),
        ...options.ipAddresses.map((value) => ({ type: 'ip' as const, value })),
      ]),
      await x509.AuthorityKeyIdentifierExtension.create(caCert),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: await exportKeyPem(keys.privateKey) };
}

/** The base64url SHA-1 thumbprint of a certificate: Entra's `kid` and `x5t`. */
export async function thumbprint(cert: x509.X509Certificate): Promise<string> {
  return Buffer.from(await cert.getThumbprint('SHA-1')).toString('base64url');
}

/** The base64 DER of a certificate, as it goes in a JWK's `x5c`. */
export function derBase64(cert: x509.X509Certificate): string {
  return Buffer.from(cert.rawData).toString('base64');
}

/** Parses a PEM certificate. */
export function parseCertificate(pem: string): x509.X509Certificate {
  return new x509.X509Certificate(pem);
}
