import type { Context, Hono } from 'hono';
import type { ServerContext } from '../context.ts';
import { metadataHeaders } from '../http/headers.ts';
import { sendError, sendJson } from '../http/respond.ts';
import { tenantContext } from './tenant.ts';

/**
 * The JWKS, Entra's shape (docs/fidelity.md#signing-keys): `kty`, `use`, `kid`, `x5t`, `n`, `e`, `x5c`, and on the v2.0
 * document the templated `issuer` (`https://login.microsoftonline.com/{tenantid}/v2.0`) that multi-tenant validators
 * substitute. Retired keys stay listed until every token they signed has expired.
 */
export function mountKeys(app: Hono, ctx: ServerContext): void {
  const serve = (v2: boolean) => async (c: Context) => {
    try {
      tenantContext(ctx, c.req.param('tenant') ?? '');
      const keys = (await ctx.keys.jwks()).map((k) =>
        v2 ? { ...k, issuer: ctx.issuers.v2('{tenantid}') } : k,
      );
      return sendJson(c, { keys }, 200, metadataHeaders);
    } catch (err) {
      return sendError(c, ctx, err, { 'Access-Control-Allow-Origin': '*' });
    }
  };
  app.get('/:tenant/discovery/v2.0/keys', serve(true));
  app.get('/:tenant/discovery/keys', serve(false));
}
