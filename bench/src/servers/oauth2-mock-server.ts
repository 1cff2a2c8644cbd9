/**
 * Peer: axa-group/oauth2-mock-server, over HTTPS with the development certificate and one RS256
 * (RSA-2048) key. It authenticates no client: it signs whatever it is asked, which flatters it.
 */
import { OAuth2Server } from 'oauth2-mock-server';
import { clientCredentialsForm } from '../config.ts';
import { serveChild } from '../harness/ipc.ts';
import type { ServerInfo } from './info.ts';
import { devTlsFiles } from './tls.ts';

const started = performance.now();
const tls = devTlsFiles();
const server = new OAuth2Server(tls.keyPath, tls.certPath);
await server.issuer.keys.generate('RS256');
await server.start(0, '127.0.0.1');
const url = `https://localhost:${server.address().port}`;
server.issuer.url = url;

const info: ServerInfo = {
  url,
  tokenUrl: `${url}/token`,
  authorizeUrl: `${url}/authorize`,
  discoveryUrl: `${url}/.well-known/openid-configuration`,
  jwksUrl: `${url}/jwks`,
  ccBody: clientCredentialsForm(),
  startMs: performance.now() - started,
};
serveChild(info, {}, () => server.stop());
