import type { Hono } from 'hono';
import type { ServerContext } from '../context.ts';
import { FEDERATION_PATH, federationIssuer } from '../federation/issuer.ts';
import { metadataHeaders } from '../http/headers.ts';
import { sendError, sendJson } from '../http/respond.ts';

/**
 * localtenant as an external identity provider for workload identity federation (docs/fidelity.md#workload-identity-federation):
 * `{base}/federation/.well-known/openid-configuration` and its `jwks_uri`, the two documents Entra reads to verify a
 * federated assertion. `localtenant federation token` mints the tokens.
 */
export function mountFederation(app: Hono, ctx: ServerContext): void {
  app.get(`${FEDERATION_PATH}/.well-known/openid-configuration`, (c) => {
    const issuer = federationIssuer(new URL(c.req.url).origin);
    return sendJson(
      c,
      {
        issuer,
        jwks_uri: `${issuer}/keys`,
        response_types_supported: ['id_token'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        claims_supported: ['iss', 'sub', 'aud', 'iat', 'nbf', 'exp', 'jti'],
      },
      200,
      metadataHeaders,
    );
  });
  app.get(`${FEDERATION_PATH}/keys`, async (c) => {
    try {
      const keys = (await ctx.keys.jwks()).map(({ kty, use, kid, n, e }) => ({
        kty,
        use,
        alg: 'RS256',
        kid,
        n,
        e,
      }));
      return sendJson(c, { keys }, 200, metadataHeaders);
    } catch (err) {
      return sendError(c, ctx, err);
    }
  });
}
