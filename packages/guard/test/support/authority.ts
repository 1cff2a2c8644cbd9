/**
 * A local Entra-shaped authority for tests: real RS256 keys (jose), a node:http server on 127.0.0.1
 * serving v2 and v1 discovery (with the REAL Entra issuer strings) and a JWKS that can rotate.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';

export const TENANT = '6e3f2a4c-8b1d-4c7e-9f0a-2b3c4d5e6f70';
export const OTHER_TENANT = '11111111-2222-4333-8444-555555555555';
export const API = '3f9a6c1e-5b7d-4e2a-8c0f-1a2b3c4d5e6f';
export const SPA = 'b7c1d2e3-4f5a-4b6c-8d7e-9f0a1b2c3d4e';
export const DAEMON = 'c4d5e6f7-8a9b-4c0d-9e1f-2a3b4c5d6e7f';
export const USER_OID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

/** A signing key: private key for signing, public JWK for the JWKS. */
export interface TestKey {
  kid: string;
  privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  jwk: JWK;
}

/** Generates an RS256 key pair with a kid. */
export async function makeKey(kid: string = randomUUID(), issuer?: string): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, use: 'sig', kty: 'RSA', ...(issuer ? { issuer } : {}) };
  return { kid, privateKey, jwk };
}

export interface TokenSpec {
  version?: 1 | 2;
  tid?: string;
  claims?: Record<string, unknown>;
  header?: Record<string, unknown>;
  key?: TestKey;
  /** Seconds from now. */
  expiresIn?: number;
}

export interface TestAuthority {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** `<origin>/<TENANT>` */
  authority: string;
  keys: TestKey[];
  /** Replaces the published keys. */
  publish(keys: TestKey[]): void;
  /** JWKS requests served. */
  jwksRequests: number;
  /** A delegated (user) access token from the SPA, v2 by default. */
  userToken(spec?: TokenSpec): Promise<string>;
  /** An app-only access token from the daemon. */
  appToken(spec?: TokenSpec): Promise<string>;
  /** Signs arbitrary claims with the current key. */
  sign(payload: Record<string, unknown>, header?: Record<string, unknown>, key?: TestKey): Promise<string>;
  close(): Promise<void>;
}

export function issuer(version: 1 | 2, tid = TENANT): string {
  return version === 1 ? `https://sts.windows.net/${tid}/` : `https://login.microsoftonline.com/${tid}/v2.0`;
}

/** Starts the authority on 127.0.0.1:0. */
export async function startAuthority(): Promise<TestAuthority> {
  let published: TestKey[] = [await makeKey(), await makeKey()];
  let jwksRequests = 0;
  let origin = '';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    const [, tenant, ...rest] = url.pathname.split('/');
    const path = rest.join('/');
    const tid = tenant === 'organizations' || tenant === 'common' ? '{tenantid}' : (tenant ?? '');
    const json = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (path === 'v2.0/.well-known/openid-configuration') {
      return json({ issuer: issuer(2, tid), jwks_uri: `${origin}/${tenant}/discovery/v2.0/keys` });
    }
    if (path === '.well-known/openid-configuration') {
      return json({ issuer: issuer(1, tid), jwks_uri: `${origin}/${tenant}/discovery/keys` });
    }
    if (path === 'discovery/v2.0/keys' || path === 'discovery/keys') {
      jwksRequests++;
      return json({ keys: published.map((k) => k.jwk) });
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const authority: TestAuthority = {
    origin,
    authority: `${origin}/${TENANT}`,
    get keys() {
      return published;
    },
    publish(keys) {
      published = keys;
    },
    get jwksRequests() {
      return jwksRequests;
    },
    async sign(payload, header = {}, key = published[0]!) {
      return new SignJWT(payload as JWTPayload)
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.kid, ...header })
        .sign(key.privateKey);
    },
    async userToken(spec = {}) {
      const version = spec.version ?? 2;
      const tid = spec.tid ?? TENANT;
      const now = Math.floor(Date.now() / 1000);
      const base: Record<string, unknown> = {
        aud: version === 2 ? API : `api://${API}`,
        iss: issuer(version, tid),
        iat: now - 300,
        nbf: now - 300,
        exp: now + (spec.expiresIn ?? 3600),
        name: 'Adele Vance',
        oid: USER_OID,
        scp: 'access_as_user',
        sub: 'pairwise-sub',
        tid,
        ver: version === 2 ? '2.0' : '1.0',
        ...(version === 2
          ? { azp: SPA, azpacr: '0', preferred_username: 'adele@contoso.onmicrosoft.com' }
          : { appid: SPA, appidacr: '0' }),
      };
      return authority.sign({ ...base, ...spec.claims }, spec.header, spec.key);
    },
    async appToken(spec = {}) {
      const version = spec.version ?? 2;
      const caller = version === 2 ? { azp: DAEMON, azpacr: '1' } : { appid: DAEMON, appidacr: '1' };
      return authority.userToken({
        ...spec,
        claims: {
          scp: undefined,
          name: undefined,
          preferred_username: undefined,
          roles: ['Data.Read.All'],
          oid: DAEMON,
          idtyp: 'app',
          ...caller,
          ...spec.claims,
        },
      });
    },
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
  return authority;
}
