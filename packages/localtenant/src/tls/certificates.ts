import { createHash, webcrypto, X509Certificate } from 'node:crypto';

type CryptoKey = webcrypto.CryptoKey;
type X509Module = typeof import('@peculiar/x509');

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

let x509Module: Promise<X509Module> | undefined;

/**
 * @peculiar/x509 (and the reflect-metadata polyfill it needs) is loaded only to create certificates: a start with
 * existing keys and TLS material parses them with node:crypto's X509Certificate and skips it (cold start).
 */
function x509(): Promise<X509Module> {
  x509Module ??= (async () => {
    await import('reflect-metadata');
    const module = await import('@peculiar/x509');
    module.cryptoProvider.set(webcrypto as unknown as Parameters<typeof module.cryptoProvider.set>[0]);
    return module;
  })();
  return x509Module;
}

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
}): Promise<PemCertificate & { cert: X509Certificate }> {
  const x = await x509();
  const keys = await webcrypto.subtle.generateKey(RSA_ALGORITHM, true, ['sign', 'verify']);
  const extensions: InstanceType<X509Module['Extension']>[] = [];
  if (options.ca) {
    extensions.push(new x.BasicConstraintsExtension(true, 0, true));
    extensions.push(new x.KeyUsagesExtension(x.KeyUsageFlags.keyCertSign | x.KeyUsageFlags.cRLSign, true));
    extensions.push(await x.SubjectKeyIdentifierExtension.create(keys.publicKey));
  }
  const generated = await x.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: options.subject,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + options.days * DAY),
    signingAlgorithm: RSA_ALGORITHM,
    keys,
    extensions,
  });
  const certPem = generated.toString('pem');
  return { cert: new X509Certificate(certPem), certPem, keyPem: await exportKeyPem(keys.privateKey) };
}

/** Issues a TLS server certificate for the given host names and IP addresses, signed by the CA. */
export async function issueServerCertificate(
  ca: PemCertificate,
  options: { dnsNames: string[]; ipAddresses: string[]; days: number },
): Promise<PemCertificate> {
  const x = await x509();
  const caCert = new x.X509Certificate(ca.certPem);
  const caKey = await importKeyPem(ca.keyPem);
  const keys = await webcrypto.subtle.generateKey(RSA_ALGORITHM, true, ['sign', 'verify']);
  const cert = await x.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${options.dnsNames[0] ?? 'localhost'}`,
    issuer: caCert.subject,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + options.days * DAY),
    signingAlgorithm: RSA_ALGORITHM,
    publicKey: keys.publicKey,
    signingKey: caKey,
    extensions: [
      new x.BasicConstraintsExtension(false, undefined, true),
      new x.KeyUsagesExtension(x.KeyUsageFlags.digitalSignature | x.KeyUsageFlags.keyEncipherment, true),
      new x.ExtendedKeyUsageExtension([x.ExtendedKeyUsage.serverAuth], false),
      new x.SubjectAlternativeNameExtension([
        ...options.dnsNames.map((value) => ({ type: 'dns' as const, value })),
        ...options.ipAddresses.map((value) => ({ type: 'ip' as const, value })),
      ]),
      await x.AuthorityKeyIdentifierExtension.create(caCert),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: await exportKeyPem(keys.privateKey) };
}

/** The base64url SHA-1 thumbprint of a certificate: Entra's `kid` and `x5t`. */
export function thumbprint(cert: X509Certificate): string {
  return createHash('sha1').update(cert.raw).digest('base64url');
}

/** The base64 DER of a certificate, as it goes in a JWK's `x5c`. */
export function derBase64(cert: X509Certificate): string {
  return cert.raw.toString('base64');
}

/** Parses a PEM certificate (node:crypto). */
export function parseCertificate(pem: string): X509Certificate {
  return new X509Certificate(pem);
}

/** When a certificate stops being valid. */
export function notAfter(cert: X509Certificate): Date {
  return new Date(cert.validTo);
}
