/**
 * The system under test: localtenant started through its library API (`start()`), over HTTPS with the
 * development certificate, the demo tenant, and a data directory given by the runner (argv[2]; a fresh
 * temporary one when absent).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start } from 'localtenant';
import { clientCredentialsForm, DEMO, PKCE } from '../config.ts';
import { serveChild } from '../harness/ipc.ts';
import { CODE_SCOPE } from '../harness/sign-in.ts';
import type { ServerInfo } from './info.ts';

const started = performance.now();
const given = process.argv[2];
const dataDir = given ?? mkdtempSync(join(tmpdir(), 'localtenant-bench-'));
const server = await start({ port: 0, host: 'localhost', dataDir, logLevel: 'warn' });
const base = `${server.url}/${server.tenantId}`;

const info: ServerInfo = {
  url: server.url,
  tenantId: server.tenantId,
  tokenUrl: `${base}/oauth2/v2.0/token`,
  discoveryUrl: `${base}/v2.0/.well-known/openid-configuration`,
  jwksUrl: `${base}/discovery/v2.0/keys`,
  ccBody: clientCredentialsForm(),
  startMs: performance.now() - started,
  authorizeUrl: `${base}/oauth2/v2.0/authorize`,
  codeForm: {
    grant_type: 'authorization_code',
    client_id: DEMO.web.clientId,
    client_secret: DEMO.web.secret,
    redirect_uri: DEMO.web.redirectUri,
    code_verifier: PKCE.verifier,
    scope: CODE_SCOPE,
  },
};
serveChild(info, {}, async () => {
  await server.close();
  if (!given) rmSync(dataDir, { recursive: true, force: true });
});
