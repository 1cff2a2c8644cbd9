import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import express from 'express';
import passport from 'passport';
import { BearerStrategy } from 'passport-azure-ad';
import { demo, postForm, startServer, type TestServer } from './support/server.ts';

/**
 * passport-azure-ad's BearerStrategy (archived, still widely deployed), unmodified, against localtenant: only
 * the metadata URL names localtenant; the issuer it checks is Entra's own string.
 */
describe('passport-azure-ad BearerStrategy', () => {
  let lt: TestServer;
  let api: ReturnType<express.Express['listen']>;
  let apiUrl: string;
  before(async () => {
    lt = await startServer();
    passport.use(
      new BearerStrategy(
        {
          identityMetadata: `${lt.authority}/v2.0/.well-known/openid-configuration`,
          clientID: demo.api.appId,
          audience: demo.api.appId,
          validateIssuer: true,
          issuer: `https://login.microsoftonline.com/${demo.tenantId}/v2.0`,
          loggingLevel: 'error',
          loggingNoPII: true,
        },
        (token: object, done: (err: unknown, user?: object, info?: object) => void) =>
          done(null, token, token),
      ),
    );
    const app = express();
    app.use(passport.initialize());
    app.get('/data', passport.authenticate('oauth-bearer', { session: false }), (req, res) => {
      res.json({ roles: (req as unknown as { user: { roles?: string[] } }).user.roles });
    });
    api = app.listen(0, '127.0.0.1');
    await new Promise((ok) => api.once('listening', ok));
    apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}/data`;
  });
  after(async () => {
    api.close();
    await lt.close();
  });

  test("accepts localtenant's access token and refuses a missing or tampered one", async () => {
    const { body } = await postForm(lt.tokenUrl, {
      grant_type: 'client_credentials',
      client_id: demo.daemon.appId,
      client_secret: demo.daemon.secret,
      scope: `${demo.api.uri}/.default`,
    });
    const token = body.access_token as string;
    const ok = await fetch(apiUrl, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { roles: ['Data.Read.All'] });
    assert.equal((await fetch(apiUrl)).status, 401);
    const [h, p, s] = token.split('.') as [string, string, string];
    const tampered = `${h}.${p}.${s.slice(0, -4)}AAAA`;
    assert.equal((await fetch(apiUrl, { headers: { authorization: `Bearer ${tampered}` } })).status, 401);
  });
});
