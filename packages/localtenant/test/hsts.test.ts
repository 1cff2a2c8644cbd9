/**
 * Strict-Transport-Security only for hosts that are not this machine (docs/fidelity.md#token-endpoint): a browser
 * that receives it for `localhost` forces HTTPS on every `http://localhost:*` server. Real HTTPS requests; the host
 * is varied through the `Host` header (TLS still names `localhost`), so no DNS is needed.
 */
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { after, before, describe, test } from 'node:test';
import { isLoopbackHost } from '../src/http/hsts.ts';
import { demo, startServer, type TestServer } from './support/server.ts';

const ENTRA_HSTS = 'max-age=31536000; includeSubDomains';

interface Answer {
  status: number;
  hsts: string | undefined;
}

/** One HTTPS request to the server, naming `host` in the Host header. */
function send(lt: TestServer, path: string, host: string, form?: Record<string, string>): Promise<Answer> {
  const port = new URL(lt.url).port;
  const body = form ? new URLSearchParams(form).toString() : undefined;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        hostname: '127.0.0.1',
        port,
        servername: 'localhost',
        path,
        method: form ? 'POST' : 'GET',
        headers: {
          host: `${host}:${port}`,
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, hsts: res.headers['strict-transport-security'] }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('Strict-Transport-Security only off loopback', () => {
  let lt: TestServer;
  before(async () => {
    lt = await startServer();
  });
  after(() => lt.close());

  const daemonToken = {
    grant_type: 'client_credentials',
    client_id: demo.daemon.appId,
    client_secret: demo.daemon.secret,
    scope: `${demo.api.uri}/.default`,
  };
  /** Answers that carry Entra's (or Graph's) HSTS header under a real host name. */
  const answers = (host: string) => ({
    token: send(lt, `/${lt.tenantId}/oauth2/v2.0/token`, host, daemonToken),
    tokenError: send(lt, `/${lt.tenantId}/oauth2/v2.0/token`, host, {
      ...daemonToken,
      client_secret: 'wrong',
    }),
    discovery: send(lt, `/${lt.tenantId}/v2.0/.well-known/openid-configuration`, host),
    jwks: send(lt, `/${lt.tenantId}/discovery/v2.0/keys`, host),
    graph: send(lt, '/v1.0/users', host),
  });

  test('no Strict-Transport-Security for localhost, *.localhost, 127.0.0.0/8 or ::1: token, error, metadata, Graph', async () => {
    for (const host of ['localhost', 'app.localhost', '127.0.0.1', '127.1.2.3', '[::1]']) {
      const got = answers(host);
      const token = await got.token;
      assert.equal(token.status, 200, host);
      for (const [name, pending] of Object.entries(got)) {
        assert.equal((await pending).hsts, undefined, `${name} for ${host}`);
      }
    }
  });

  test('a request for another host name gets Entra’s header (Graph’s on Graph)', async () => {
    const got = answers('login.contoso.test');
    assert.equal((await got.token).status, 200);
    assert.equal((await got.token).hsts, ENTRA_HSTS);
    assert.equal((await got.tokenError).status, 401);
    assert.equal((await got.tokenError).hsts, ENTRA_HSTS);
    assert.equal((await got.discovery).hsts, ENTRA_HSTS);
    assert.equal((await got.jwks).hsts, ENTRA_HSTS);
    assert.equal((await got.graph).status, 401);
    assert.equal((await got.graph).hsts, 'max-age=31536000');
    assert.equal(
      (await send(lt, `/${lt.tenantId}/oauth2/v2.0/token`, '10.1.2.3', daemonToken)).hsts,
      ENTRA_HSTS,
    );
  });

  test('fetch against the server’s own URL (https://localhost:port) sees no HSTS', async () => {
    const res = await fetch(lt.tokenUrl, { method: 'POST', body: new URLSearchParams(daemonToken) });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('strict-transport-security'), null);
  });

  test('what counts as loopback', () => {
    for (const host of [
      'localhost',
      'localhost.',
      'a.b.localhost',
      '127.0.0.1',
      '127.255.0.9',
      '[::1]',
      '[::ffff:7f00:1]',
    ])
      assert.equal(isLoopbackHost(host), true, host);
    for (const host of [
      'login.contoso.test',
      'localhost.example.com',
      'mylocalhost',
      '10.0.0.1',
      '128.0.0.1',
      '[::2]',
      '0.0.0.0',
    ])
      assert.equal(isLoopbackHost(host), false, host);
  });
});
