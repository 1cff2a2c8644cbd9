import type { ClientCertificate } from '../directory/certificates.ts';

/** base64 or base64url, with or without `=` padding. */
const BASE64_ANY = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * The bytes of a certificate thumbprint as a client wrote it in `x5t`, `x5t#S256` or `kid`. MSALs differ:
 * msal-node sends base64url without padding, Python's MSAL base64url *with* `=` padding
 * (`base64.urlsafe_b64encode`, msal/oauth2cli/assertion.py), and Entra's own documentation once showed the
 * padded form ("hOBcHZi846VCHSJbFAs26Go9VTQ=", https://learn.microsoft.com/entra/identity-platform/certificate-credentials);
 * Entra accepts them all, so the comparison is on the decoded bytes (docs/fidelity.md#client-certificates).
 */
export function thumbprintBytes(value: unknown): Buffer | undefined {
  if (typeof value !== 'string' || !BASE64_ANY.test(value)) return undefined;
  // Node's base64 decoder reads both alphabets, padded or not (https://nodejs.org/api/buffer.html#buffers-and-character-encodings).
  const bytes = Buffer.from(value, 'base64');
  return bytes.length === 20 || bytes.length === 32 ? bytes : undefined;
}

/** The registered certificate whose SHA-1 (`x5t`) or SHA-256 (`x5t#S256`) thumbprint a header names. */
export function findCertificate(
  certificates: ClientCertificate[],
  header: { x5t?: unknown; 'x5t#S256'?: unknown; kid?: unknown },
): ClientCertificate | undefined {
  const sha1 = thumbprintBytes(header.x5t);
  const sha256 = thumbprintBytes(header['x5t#S256']);
  const kid = thumbprintBytes(header.kid);
  const same = (a: Buffer | undefined, b: string) => !!a && a.equals(Buffer.from(b, 'base64url'));
  return certificates.find(
    (c) => same(sha1, c.x5t) || same(sha256, c.x5tS256) || same(kid, c.x5t) || same(kid, c.x5tS256),
  );
}
