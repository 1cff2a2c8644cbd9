/**
 * The API of the guard benchmark: one Express 5 app, plain HTTP on loopback, the same trivial JSON route
 * mounted behind each validator. Every protected route checks signature (RS256 against localtenant's JWKS),
 * issuer, audience and lifetime; the guard routes also require the app role the daemon holds.
 * argv[2]: localtenant's base URL; argv[3]: its tenant id.
 */
import type { AddressInfo } from 'node:net';
import { protect } from '@localtenant/guard/express';
import express, { type Request, type Response } from 'express';
import { expressjwt } from 'express-jwt';
import jwksRsa from 'jwks-rsa';
import passport from 'passport';
import { BearerStrategy } from 'passport-azure-ad';
import { DEMO } from '../config.ts';
import { serveChild } from '../harness/ipc.ts';

const [base, tenantId] = process.argv.slice(2);
if (!base || !tenantId) throw new Error('usage: protected-api.ts <localtenant url> <tenant id>');
const authority = `${base}/${tenantId}`;
const issuer = `https://login.microsoftonline.com/${tenantId}/v2.0`;
const jwksUri = `${authority}/discovery/v2.0/keys`;

passport.use(
  new BearerStrategy(
    {
      identityMetadata: `${authority}/v2.0/.well-known/openid-configuration`,
      clientID: DEMO.api.appId,
      audience: DEMO.api.appId,
      validateIssuer: true,
      issuer,
      loggingLevel: 'error',
      loggingNoPII: true,
    },
    (token, done) => done(null, token, token),
  ),
);

const ok = (_req: Request, res: Response) => {
  res.json({ ok: true });
};
const app = express();
app.disable('x-powered-by');
app.use(passport.initialize());
app.get('/unprotected', ok);
app.get('/guard', protect({ authority, audience: DEMO.api.appId, require: { roles: [DEMO.api.role] } }), ok);
app.get(
  '/guard-uncached',
  protect({ authority, audience: DEMO.api.appId, require: { roles: [DEMO.api.role] }, cacheSize: 0 }),
  ok,
);
app.get(
  '/express-jwt',
  expressjwt({
    secret: jwksRsa.expressJwtSecret({ jwksUri, cache: true, rateLimit: true }),
    audience: DEMO.api.appId,
    issuer,
    algorithms: ['RS256'],
  }),
  ok,
);
app.get('/passport-azure-ad', passport.authenticate('oauth-bearer', { session: false }), ok);
// express-jwt reports a refusal by throwing: answer its status quietly instead of logging a stack trace.
app.use((error: { status?: number }, _req: Request, res: Response, _next: () => void) => {
  res.status(error.status ?? 500).json({ error: 'refused' });
});

const server = app.listen(0, '127.0.0.1');
await new Promise<void>((done) => server.once('listening', () => done()));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

serveChild({ url }, {}, () => {
  server.closeAllConnections();
  return new Promise<void>((done) => server.close(() => done()));
});
