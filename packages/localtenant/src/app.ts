import { Hono } from 'hono';
import { type ConsoleAccess, mountConsole } from './console/mount.ts';
import type { ServerContext } from './context.ts';
import { mountAdminConsent } from './endpoints/admin-consent.ts';
import { mountAuthorize } from './endpoints/authorize.ts';
import { mountDeviceLogin } from './endpoints/device-login.ts';
import { mountDeviceCode } from './endpoints/devicecode.ts';
import { mountDiscovery } from './endpoints/discovery.ts';
import { mountErrorPage } from './endpoints/error-page.ts';
import { mountFederation } from './endpoints/federation.ts';
import { mountHealth } from './endpoints/health.ts';
import { mountInstanceDiscovery } from './endpoints/instance-discovery.ts';
import { mountKeys } from './endpoints/keys.ts';
import { mountLogout } from './endpoints/logout.ts';
import { mountManagedIdentity } from './endpoints/managed-identity.ts';
import { mountToken } from './endpoints/token.ts';
import { mountUserRealm } from './endpoints/user-realm.ts';
import { mountUserInfo } from './endpoints/userinfo.ts';
import { mountGraph } from './graph/routes.ts';
import { noHstsOnLoopback } from './http/hsts.ts';
import { sendError } from './http/respond.ts';
import { mountSignInLog } from './sign-in-log/record.ts';

/**
 * The web-standard app: routes only. Node's HTTPS server, or a test calling `app.fetch(request)`, deliver requests.
 */
export function createApp(ctx: ServerContext, options: { console?: ConsoleAccess } = {}): Hono {
  const app = new Hono();
  // First, so that it sees every answer, errors and 404s included.
  app.use(noHstsOnLoopback);
  mountHealth(app, ctx);
  mountSignInLog(app, ctx);
  // Before the tenant routes: /federation/.well-known/… would otherwise read as a tenant named "federation".
  mountFederation(app, ctx);
  mountDiscovery(app, ctx);
  mountKeys(app, ctx);
  mountInstanceDiscovery(app, ctx);
  mountToken(app, ctx);
  mountAuthorize(app, ctx);
  mountAdminConsent(app, ctx);
  mountDeviceCode(app, ctx);
  mountDeviceLogin(app, ctx);
  mountLogout(app, ctx);
  mountUserInfo(app, ctx);
  mountManagedIdentity(app, ctx);
  mountUserRealm(app, ctx);
  mountErrorPage(app);
  mountGraph(app, ctx);
  mountConsole(app, ctx, options.console);
  app.notFound((c) =>
    c.json({ error: 'not_found', error_description: 'localtenant serves no endpoint at this path.' }, 404),
  );
  app.onError((err, c) => sendError(c, ctx, err));
  return app;
}
