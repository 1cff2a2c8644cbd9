import { createHash, randomBytes } from 'node:crypto';

/** RFC 7636 §4.1: a verifier is 43-128 characters of [A-Z] [a-z] [0-9] "-" "." "_" "~". */
export const VERIFIER_PATTERN = /^[A-Za-z0-9\-._~]{43,128}$/;

/** The S256 challenge of a verifier: base64url(SHA-256(verifier)) (RFC 7636 §4.2). */
export function s256Challenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** A fresh verifier (32 random bytes, 43 characters) and its S256 challenge. */
export function generatePkce(): { verifier: string; challenge: string; method: 'S256' } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: s256Challenge(verifier), method: 'S256' };
}

/** Checks a verifier against the stored challenge (RFC 7636 §4.6). */
export function verifierMatches(verifier: string, challenge: string, method: 'S256' | 'plain'): boolean {
  if (!VERIFIER_PATTERN.test(verifier)) return false;
  return (method === 'S256' ? s256Challenge(verifier) : verifier) === challenge;
}
