import type { JWTPayload } from 'jose';
import type { DirectoryUser, RegisteredApp } from '../directory/directory.ts';
import { pairwiseSubject } from '../directory/ids.ts';
import { insertClaims } from './claim-order.ts';
import type { Issuers } from './issuers.ts';
import { opaqueAio, opaqueRh, tokenId, tokenTimes } from './opaque.ts';
import { memberUpn, signInName } from './sign-in-name.ts';

/**
 * How the client authenticated: `appidacr`/`azpacr` "0" public, "1" secret, "2" certificate
 * (docs/fidelity.md#access-tokens).
 */
export type ClientAuthLevel = '0' | '1' | '2';

/** What an access token is about. */
export interface AccessTokenInput {
  tenantId: string;
  /** The API the token is for. */
  resource: RegisteredApp;
  /** The resource identifier as the client wrote it (App ID URI or appId): a v1 token's `aud`. */
  requestedAudience: string;
  client: RegisteredApp;
  clientAuth: ClientAuthLevel;
  /** The signed-in user and consented scope values, or none for an app-only token. */
  user?: { entry: DirectoryUser; scopes: string[]; authTimeSeconds: number } | undefined;
  roles: string[];
  nowMs: number;
  lifetimeSeconds: number;
  /** The issuer strings of the server's issuer mode. */
  issuers: Issuers;
  /** Claims the directory adds for a user (groups, optional claims: tokens/user-claims.ts). */
  extra?: JWTPayload | undefined;
}

/**
 * The access-token version the resource asked for: `api.requestedAccessTokenVersion` 2 ⇒ v2, null or 1 ⇒ v1
 * (docs/fidelity.md#access-tokens).
 */
export function accessTokenVersion(resource: RegisteredApp): 1 | 2 {
  return resource.app.api.requestedAccessTokenVersion === 2 ? 2 : 1;
}

/** Builds access-token claims in Entra's v1.0 or v2.0 shape and order (docs/fidelity.md#access-tokens). */
export function accessTokenClaims(input: AccessTokenInput): JWTPayload {
  const payload = baseClaims(input);
  return input.extra ? insertClaims(payload, input.extra) : payload;
}

function baseClaims(input: AccessTokenInput): JWTPayload {
  const v = accessTokenVersion(input.resource);
  const { tenantId, user } = input;
  const times = tokenTimes(input.nowMs, input.lifetimeSeconds);
  const oid = user ? user.entry.user.id : input.client.servicePrincipalId;
  const sub = user ? pairwiseSubject(tenantId, input.client.app.appId, oid) : oid;
  const roles = input.roles.length > 0 ? { roles: input.roles } : {};
  const head = {
    aud: v === 2 ? input.resource.app.appId : input.requestedAudience,
    iss: v === 2 ? input.issuers.v2(tenantId) : input.issuers.v1(tenantId),
    ...times,
  };
  const tail = { sub, tid: tenantId, uti: tokenId(), ver: v === 2 ? '2.0' : '1.0' };
  if (!user) {
    return v === 2
      ? {
          ...head,
          aio: opaqueAio(),
          azp: input.client.app.appId,
          azpacr: input.clientAuth,
          idtyp: 'app',
          oid,
          rh: opaqueRh(),
          ...roles,
          ...tail,
        }
      : {
          ...head,
          aio: opaqueAio(),
          appid: input.client.app.appId,
          appidacr: input.clientAuth,
          idp: input.issuers.v1(tenantId),
          idtyp: 'app',
          oid,
          rh: opaqueRh(),
          ...roles,
          ...tail,
        };
  }
  const u = user.entry.user;
  const scp = user.scopes.join(' ');
  if (v === 2) {
    return {
      ...head,
      aio: opaqueAio(),
      azp: input.client.app.appId,
      azpacr: input.clientAuth,
      name: u.displayName,
      oid,
      preferred_username: signInName(user.entry),
      rh: opaqueRh(),
      ...roles,
      scp,
      ...tail,
    };
  }
  return {
    ...head,
    acr: '1',
    aio: opaqueAio(),
    amr: ['pwd'],
    appid: input.client.app.appId,
    appidacr: input.clientAuth,
    ...(u.surname ? { family_name: u.surname } : {}),
    ...(u.givenName ? { given_name: u.givenName } : {}),
    ipaddr: '127.0.0.1',
    name: u.displayName,
    oid,
    rh: opaqueRh(),
    ...roles,
    scp,
    sub,
    tid: tenantId,
    unique_name: signInName(user.entry),
    ...memberUpn(user.entry),
    uti: tail.uti,
    ver: '1.0',
  };
}
