/**
 * Peer: panva/oidc-provider, configured for client credentials and authorization code + PKCE with JWT
 * (RS256, RSA-2048) access tokens for the API resource, served over HTTPS with the development certificate.
 * Its own memory adapter is used with a larger LRU (the default holds 1,000 entries, fewer than the codes
 * minted for one round).
 */
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import MemoryAdapter from 'oidc-provider/lib/adapters/memory_adapter.js';
import LRU from 'oidc-provider/lib/helpers/lru.js';
import { DEMO, PKCE } from '../config.ts';
import { serveChild } from '../harness/ipc.ts';
import type { ServerInfo } from './info.ts';
import { devTlsFiles } from './tls.ts';

const started = performance.now();
const store = new LRU({ maxSize: 1_000_000 });
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'bench-rs256', alg: 'RS256', use: 'sig' };
const tls = devTlsFiles();
const server = createServer({ cert: tls.cert, key: tls.key });
await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
const url = `https://localhost:${(server.address() as AddressInfo).port}`;

const provider = new Provider(url, {
  adapter: class extends MemoryAdapter {
    constructor(model: string) {
      super(model, store);
    }
  },
  jwks: { keys: [jwk] },
  clients: [
    {
      client_id: DEMO.daemon.clientId,
      client_secret: DEMO.daemon.secret,
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_post',
      scope: DEMO.api.role,
    },
    {
      client_id: DEMO.web.clientId,
      client_secret: DEMO.web.secret,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      redirect_uris: [DEMO.web.redirectUri],
      token_endpoint_auth_method: 'client_secret_post',
    },
  ],
  scopes: ['openid', 'profile', DEMO.api.scope, DEMO.api.role],
  findAccount: (_ctx: unknown, sub: string) => ({
    accountId: sub,
    claims: () => ({ sub, name: 'Adele Vance', preferred_username: DEMO.user.login }),
  }),
  pkce: { required: () => true },
  ttl: { AccessToken: 3600, ClientCredentials: 3600, IdToken: 3600, AuthorizationCode: 600, Grant: 86_400 },
  features: {
    // Its development sign-in and consent pages: the runner signs in once through them, then mints codes
    // with the session cookie (harness/sign-in.ts), exactly as with localtenant.
    devInteractions: { enabled: true },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => DEMO.api.uri,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({
        scope: `${DEMO.api.scope} ${DEMO.api.role}`,
        audience: DEMO.api.appId,
        accessTokenTTL: 3600,
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
});
server.on('request', provider.callback());

const info: ServerInfo = {
  url,
  tokenUrl: `${url}/token`,
  ccBody: new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: DEMO.daemon.clientId,
    client_secret: DEMO.daemon.secret,
    resource: DEMO.api.uri,
    scope: DEMO.api.role,
  }).toString(),
  discoveryUrl: `${url}/.well-known/openid-configuration`,
  jwksUrl: `${url}/jwks`,
  startMs: performance.now() - started,
  authorizeUrl: `${url}/auth`,
  codeForm: {
    grant_type: 'authorization_code',
    client_id: DEMO.web.clientId,
    client_secret: DEMO.web.secret,
    redirect_uri: DEMO.web.redirectUri,
    code_verifier: PKCE.verifier,
  },
};
serveChild(
  info,
  {},
  () =>
    new Promise<void>((ok) => {
      server.close(() => ok());
      server.closeAllConnections();
    }),
);
