import type { Context, Hono } from 'hono';
import { createLocalJWKSet, jwtVerify } from 'jose';
import type { ServerContext } from '../context.ts';
import { GRAPH_APP_ID } from '../directory/graph.ts';

/**
 * `GET|POST /oidc/userinfo` with a Microsoft Graph access token (docs/fidelity.md#userinfo: Entra hosts UserInfo on
 * Graph; the discovery document points here instead). Answers `sub`, `name`, `family_name`, `given_name`, `email` as
 * Graph's endpoint does; any other token gets RFC 6750's 401.
 */
export function mountUserInfo(app: Hono, ctx: ServerContext): void {
  const handler = async (c: Context) => {
    const challenge = (error?: string) =>
      c.body(null, 401, {
        'WWW-Authenticate': error ? `Bearer error="${error}"` : 'Bearer',
        'Access-Control-Allow-Origin': '*',
      });
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) return challenge();
    try {
      const keys = createLocalJWKSet({ keys: await ctx.keys.jwks() });
      const tenantIds = ctx.tenants.all.map((d) => d.tenant.id);
      const { payload } = await jwtVerify(match[1], keys, {
        algorithms: ['RS256'],
        issuer: tenantIds.flatMap((tid) => [ctx.issuers.v1(tid), ctx.issuers.v2(tid)]),
        audience: ['https://graph.microsoft.com', GRAPH_APP_ID],
        currentDate: new Date(ctx.now()),
      });
      const directory = ctx.tenants.find(String(payload.tid ?? '')) ?? ctx.directory;
      const user = typeof payload.oid === 'string' ? directory.user(payload.oid) : undefined;
      if (!user) return challenge('invalid_token');
      const u = user.user;
      return c.json(
        {
          sub: payload.sub,
          name: u.displayName,
          ...(u.surname ? { family_name: u.surname } : {}),
          ...(u.givenName ? { given_name: u.givenName } : {}),
          ...(u.mail ? { email: u.mail } : {}),
        },
        200,
        { 'Access-Control-Allow-Origin': '*' },
      );
    } catch {
      return challenge('invalid_token');
    }
  };
  app.get('/oidc/userinfo', handler);
  app.post('/oidc/userinfo', handler);
  app.options('/oidc/userinfo', (c) =>
    c.body(null, 204, {
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
      'Access-Control-Allow-Headers': 'authorization',
    }),
  );
}
