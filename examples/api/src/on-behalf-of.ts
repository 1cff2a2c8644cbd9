/**
 * The API calling another API for the signed-in user: the on-behalf-of flow
 * (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-on-behalf-of-flow). The API is a confidential
 * client (its own secret); it exchanges the caller's access token for a Microsoft Graph token with msal-node's
 * `acquireTokenOnBehalfOf`, then reads `GET /v1.0/me`. Against the real Entra only `authority` changes.
 */
import { ConfidentialClientApplication } from '@azure/msal-node';
import type { RequestHandler } from 'express';

/** What the API needs to act for its callers. */
export interface OnBehalfOfConfig {
  /** The API's own appId (it is the client of the downstream token). */
  clientId: string;
  clientSecret: string;
  /** `https://<host>/<tenant id>`. */
  authority: string;
  /** Graph's base URL: `https://graph.microsoft.com`, or localtenant's own origin (it serves a Graph subset). */
  graphUrl: string;
}

/** The downstream scope: the user's Graph profile (admin-consented for the API in examples/tenant.yaml). */
export const GRAPH_SCOPE = 'https://graph.microsoft.com/User.Read';

/** Decodes a JWT payload for display only (the API never trusts it: Graph validates the token). */
function claimsOf(jwt: string): Record<string, unknown> {
  try {
    return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
  } catch {
    return {};
  }
}

/** `GET /graph-profile`: the caller's Graph profile, fetched by the API with an on-behalf-of token. */
export function graphProfileOnBehalfOf(config: OnBehalfOfConfig): RequestHandler {
  const host = new URL(config.authority).host;
  const msal = new ConfidentialClientApplication({
    auth: {
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      authority: config.authority,
      // MSAL trusts Microsoft's hosts by itself; any other host only when listed here.
      ...(host === 'login.microsoftonline.com' ? {} : { knownAuthorities: [host] }),
    },
  });
  return async (req, res) => {
    const assertion = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
    let accessToken: string;
    try {
      const result = await msal.acquireTokenOnBehalfOf({ oboAssertion: assertion, scopes: [GRAPH_SCOPE] });
      if (!result) throw new Error('no token');
      accessToken = result.accessToken;
    } catch (error) {
      const e = error as { errorCode?: string; errorMessage?: string; message?: string };
      res.status(502).json({
        error: 'on_behalf_of_failed',
        errorCode: e.errorCode ?? 'unknown',
        message: (e.errorMessage ?? e.message ?? '').split('\r\n')[0],
      });
      return;
    }
    const graph = await fetch(new URL('/v1.0/me', config.graphUrl), {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    const claims = claimsOf(accessToken);
    res.status(graph.ok ? 200 : 502).json({
      via: 'on-behalf-of',
      downstream: `${config.graphUrl}/v1.0/me`,
      downstreamToken: { aud: claims.aud, ver: claims.ver, scp: claims.scp, appid: claims.appid },
      graphStatus: graph.status,
      profile: await graph.json().catch(() => null),
    });
  };
}
