import type { Context, Hono } from 'hono';
import type { ServerContext } from '../context.ts';
import { metadataHeaders } from '../http/headers.ts';
import { sendJson } from '../http/respond.ts';

/**
 * `GET /common/userrealm/{user}?api-version=1.0`: home realm discovery, which MSAL calls before a username/password
 * sign-in to learn whether the account is managed or federated (MSAL Python, msal/authority.py
 * `user_realm_discovery`; MSAL Go). A user of this tenant's domain is `Managed`, as Entra answers for cloud-only
 * accounts; any other domain is `Unknown`. See docs/fidelity.md#client-set-up.
 */
export function mountUserRealm(app: Hono, ctx: ServerContext): void {
  const serve = (c: Context) => {
    const user = c.req.param('user') ?? '';
    const domain = user.slice(user.lastIndexOf('@') + 1).toLowerCase();
    const managed = user.includes('@') && domain === ctx.directory.tenant.domain.toLowerCase();
    const body = managed
      ? {
          ver: '1.0',
          account_type: 'Managed',
          domain_name: ctx.directory.tenant.domain,
          cloud_instance_name: 'microsoftonline.com',
          cloud_audience_urn: 'urn:federation:MicrosoftOnline',
        }
      : { ver: '1.0', account_type: 'Unknown', cloud_instance_name: 'microsoftonline.com' };
    return sendJson(c, body, 200, metadataHeaders);
  };
  app.get('/common/userrealm/:user', serve);
  app.get('/common/UserRealm/:user', serve);
}
