import { createHash } from 'node:crypto';
import type { JWTPayload } from 'jose';
import type { DirectoryUser } from '../directory/directory.ts';
import { pairwiseSubject } from '../directory/ids.ts';
import { insertClaims } from './claim-order.ts';
import type { Issuers } from './issuers.ts';
import { opaqueAio, opaqueRh, tokenId, tokenTimes } from './opaque.ts';
import { memberUpn, signInName } from './sign-in-name.ts';

/** What an ID token is about. */
export interface IdTokenInput {
  tenantId: string;
  clientId: string;
  user: DirectoryUser;
  /** OIDC scopes granted: `profile` adds name/preferred_username, `email` the email claim. */
  oidcScopes: string[];
  nonce?: string | undefined;
  /** The SSO session id (`sid`). */
  sessionId?: string | undefined;
  authTimeSeconds: number;
  /**
   * The authorize request carried `max_age`: the v2 ID token then carries `auth_time`, which it otherwise leaves
   * to the `auth_time` optional claim (docs/fidelity.md#id-tokens).
   */
  maxAgeAsked?: boolean | undefined;
  nowMs: number;
  lifetimeSeconds: number;
  /** v1 when issued by the v1 endpoints (docs/fidelity.md#id-tokens: the endpoint decides the ID token version). */
  version: 1 | 2;
  /** Hybrid flows at /authorize: the code or access token the ID token travels with (`c_hash`/`at_hash`). */
  code?: string | undefined;
  accessToken?: string | undefined;
  roles?: string[] | undefined;
  /** The issuer strings of the server's issuer mode. */
  issuers: Issuers;
  /** Claims the directory adds (groups, optional claims: tokens/user-claims.ts). */
  extra?: JWTPayload | undefined;
}

/** OIDC left-half hash for RS256: base64url of the first 16 bytes of SHA-256. */
export function halfHash(value: string): string {
  return createHash('sha256').update(value).digest().subarray(0, 16).toString('base64url');
}

/** ID token claims in Entra's v2.0 (or v1.0) shape and order (docs/fidelity.md#id-tokens). */
export function idTokenClaims(input: IdTokenInput): JWTPayload {
  const payload = baseClaims(input);
  return input.extra ? insertClaims(payload, input.extra) : payload;
}

function baseClaims(input: IdTokenInput): JWTPayload {
  const u = input.user.user;
  const times = tokenTimes(input.nowMs, input.lifetimeSeconds);
  const profile = input.oidcScopes.includes('profile');
  const email = input.oidcScopes.includes('email') && u.mail ? { email: u.mail } : {};
  const hashes = {
    ...(input.code ? { c_hash: halfHash(input.code) } : {}),
    ...(input.accessToken ? { at_hash: halfHash(input.accessToken) } : {}),
  };
  const common = {
    aud: input.clientId,
    iss: input.version === 2 ? input.issuers.v2(input.tenantId) : input.issuers.v1(input.tenantId),
    ...times,
  };
  const sub = pairwiseSubject(input.tenantId, input.clientId, u.id);
  const roles = input.roles && input.roles.length > 0 ? { roles: input.roles } : {};
  if (input.version === 1) {
    return {
      ...common,
      amr: ['pwd'],
      ...hashes,
      ...email,
      ...(u.surname ? { family_name: u.surname } : {}),
      ...(u.givenName ? { given_name: u.givenName } : {}),
      ipaddr: '127.0.0.1',
      name: u.displayName,
      ...(input.nonce ? { nonce: input.nonce } : {}),
      oid: u.id,
      rh: opaqueRh(),
      ...roles,
      sub,
      tid: input.tenantId,
      unique_name: signInName(input.user),
      ...memberUpn(input.user),
      uti: tokenId(),
      ver: '1.0',
    };
  }
  return {
    ...common,
    aio: opaqueAio(),
    ...(input.maxAgeAsked ? { auth_time: input.authTimeSeconds } : {}),
    ...hashes,
    ...email,
    ...(profile ? { name: u.displayName } : {}),
    ...(input.nonce ? { nonce: input.nonce } : {}),
    oid: u.id,
    ...(profile ? { preferred_username: signInName(input.user) } : {}),
    rh: opaqueRh(),
    ...roles,
    ...(input.sessionId ? { sid: input.sessionId } : {}),
    sub,
    tid: input.tenantId,
    uti: tokenId(),
    ver: '2.0',
  };
}
