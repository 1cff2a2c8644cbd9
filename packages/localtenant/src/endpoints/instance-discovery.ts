import type { Hono } from 'hono';
import type { ServerContext } from '../context.ts';
import { aadsts } from '../errors/entra-error.ts';
import { metadataHeaders } from '../http/headers.ts';
import { sendError, sendJson } from '../http/respond.ts';

/**
 * `GET /common/discovery/instance?api-version=1.1&authorization_endpoint=…` (docs/fidelity.md#instance-discovery), the
 * call MSAL makes to trust an authority when `knownAuthorities` is not set. This host is its own and only alias.
 */
export function mountInstanceDiscovery(app: Hono, ctx: ServerContext): void {
  app.get('/:tenant/discovery/instance', (c) => {
    try {
      const base = new URL(c.req.url);
      const endpoint = c.req.query('authorization_endpoint');
      let tenant = 'common';
      if (endpoint) {
        let url: URL;
        try {
          url = new URL(endpoint);
        } catch {
          throw aadsts('unknownInstance', {}, 'authorization_endpoint is not a URL');
        }
        // MSAL Python names the authority by host name only (msal/authority.py builds the URL from
        // `urlparse(authority).hostname`), so an endpoint without a port means this server's.
        const sameHost = url.hostname.toLowerCase() === base.hostname.toLowerCase();
        if (!sameHost || (url.port !== '' && url.port !== base.port)) throw aadsts('unknownInstance');
        tenant = url.pathname.split('/')[1] || 'common';
      }
      const host = base.host;
      return sendJson(
        c,
        {
          tenant_discovery_endpoint: `${base.origin}/${tenant}/v2.0/.well-known/openid-configuration`,
          'api-version': '1.1',
          metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
        },
        200,
        metadataHeaders,
      );
    } catch (err) {
      return sendError(c, ctx, err, { 'Access-Control-Allow-Origin': '*' });
    }
  });
}
