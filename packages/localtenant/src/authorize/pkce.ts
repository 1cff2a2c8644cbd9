import { aadsts } from '../errors/entra-error.ts';

/** RFC 7636 §4.2: 43 to 128 characters of the unreserved set. */
const CHALLENGE = /^[A-Za-z0-9\-._~]{43,128}$/;

/** The PKCE parameters of an authorize request. */
export interface PkceParams {
  codeChallenge: string | undefined;
  codeChallengeMethod: 'S256' | 'plain' | undefined;
}

/**
 * PKCE at /authorize (docs/fidelity.md#pkce): `S256` or `plain`; "If excluded, code_challenge is assumed to be
 * plaintext if code_challenge is included" (docs/fidelity.md#authorize-parameters). A method without a challenge is
 * AADSTS50147, a challenge of the wrong size or alphabet AADSTS501491, another method AADSTS50149. No challenge at all
 * is accepted here: a SPA without PKCE fails at redemption with AADSTS9002325 (docs/fidelity.md#pkce, "real reports
 * show it at /token").
 */
export function validatePkce(challenge: string | null, method: string | null): PkceParams {
  if (!challenge) {
    if (method) throw aadsts('codeChallengeMissing');
    return { codeChallenge: undefined, codeChallengeMethod: undefined };
  }
  if (method && method !== 'S256' && method !== 'plain') throw aadsts('codeChallengeMethodInvalid');
  if (!CHALLENGE.test(challenge)) throw aadsts('codeChallengeInvalidSize');
  // An S256 challenge is the base64url of a SHA-256 digest: exactly 43 characters.
  if (method === 'S256' && challenge.length !== 43) throw aadsts('codeChallengeInvalidSize');
  return { codeChallenge: challenge, codeChallengeMethod: method === 'S256' ? 'S256' : 'plain' };
}
