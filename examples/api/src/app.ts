/**
 * The example API of the scenario: an Express app protected by @localtenant/guard.
 * - `GET /secure-data`: delegated, needs the scope `access_as_user`; answers who the caller is.
 * - `GET /app-data`: app-only, needs the app role `Data.Read.All`.
 * - `GET /graph-profile`: delegated (`access_as_user`); the API calls Microsoft Graph for the user through the
 *   on-behalf-of flow (SPA → API → Graph).
 * - `GET /editor-data`: delegated, needs `access_as_user` and the user role `Data.Edit` (the demo tenant assigns
 *   it to the Data Editors group, so it reaches the token's `roles` through group membership).
 * - `GET /health`: unprotected.
 * Every refusal is RFC 6750 (401 `invalid_token` / 403 `insufficient_scope`) with the guard's explanation.
 */
import type { GuardOptions, ResponseOptions } from '@localtenant/guard';
import { protect, requireRole, requireScope } from '@localtenant/guard/express';
import express, { type Express } from 'express';
import { cors, type OriginRule } from './cors.ts';
import { graphProfileOnBehalfOf, type OnBehalfOfConfig } from './on-behalf-of.ts';

/** The demo tenant's authority on a local localtenant. */
export const DEFAULT_AUTHORITY = 'https://localhost:8443/6e3f2a4c-8b1d-4c7e-9f0a-2b3c4d5e6f70';
/** The demo API's appId (`api://<appId>` is accepted too). */
export const DEFAULT_AUDIENCE = '3f9a6c1e-5b7d-4e2a-8c0f-1a2b3c4d5e6f';
/** The SPA's origin, plus any localhost port (the e2e tests run the SPA on a random one). */
export const DEFAULT_CORS_ORIGINS: readonly OriginRule[] = [
  'http://localhost:3000',
  /^http:\/\/(localhost|127\.0\.0\.1):\d{1,5}$/,
];

/** Configuration of {@link createApi}. */
export interface ApiConfig {
  /** Token authority: localtenant (`https://localhost:8443/<tid>`) or `https://login.microsoftonline.com/<tid>`. */
  authority: string;
  /** The API's appId GUID and/or App ID URI. */
  audience: string | readonly string[];
  /** Origins allowed by CORS. */
  corsOrigins?: readonly OriginRule[];
  /** Further guard options (versions, tenants, jwksUri, ...). */
  guard?: Omit<GuardOptions, 'authority' | 'audience'>;
  /** Called for each refused request (for logs). */
  onRejected?: ResponseOptions['onRejected'];
  /** The API's own client credentials, for `GET /graph-profile` (on-behalf-of); the route is absent without them. */
  onBehalfOf?: OnBehalfOfConfig;
}

/** The demo API's secret in examples/tenant.yaml (a localhost-only demo value). */
export const DEMO_API_SECRET = 'api-demo-secret-7Jm~qR4tV9wX';

/** Graph's host for an authority: Microsoft's own for login.microsoftonline.com, localtenant's origin otherwise. */
export function graphFor(authority: string): string {
  const url = new URL(authority);
  return url.hostname === 'login.microsoftonline.com' ? 'https://graph.microsoft.com' : url.origin;
}

/** Reads the configuration from the environment, with the demo tenant's defaults. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const audience = (env.AUDIENCE ?? DEFAULT_AUDIENCE)
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  const origins = env.CORS_ORIGINS?.split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  const authority = env.AUTHORITY ?? env.LOCALTENANT_AUTHORITY ?? DEFAULT_AUTHORITY;
  return {
    authority,
    audience,
    ...(origins?.length ? { corsOrigins: origins } : {}),
    onBehalfOf: {
      clientId: env.CLIENT_ID ?? DEFAULT_AUDIENCE,
      clientSecret: env.CLIENT_SECRET ?? DEMO_API_SECRET,
      authority,
      graphUrl: env.GRAPH_URL ?? graphFor(authority),
    },
  };
}

/** Builds the Express app. */
export function createApi(config: ApiConfig): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(cors(config.corsOrigins ?? DEFAULT_CORS_ORIGINS));
  app.get('/health', (_req, res) => {
    res.json({ ok: true });
  });
  const guard = protect(
    { ...config.guard, authority: config.authority, audience: config.audience },
    config.onRejected ? { onRejected: config.onRejected } : {},
  );
  app.get('/secure-data', guard, requireScope('access_as_user'), (req, res) => {
    const auth = req.auth!;
    res.json({
      name: auth.claims.name,
      oid: auth.objectId,
      preferred_username: auth.claims.preferred_username ?? auth.claims.upn,
      tid: auth.tenantId,
      scopes: auth.scopes,
      tokenVersion: auth.version,
      message: `Hello ${auth.claims.name ?? 'there'}, this came from the protected API.`,
    });
  });
  app.get('/app-data', guard, requireRole('Data.Read.All'), (req, res) => {
    const auth = req.auth!;
    res.json({
      app: auth.clientAppId,
      roles: auth.roles,
      tokenVersion: auth.version,
      items: [
        { id: 1, name: 'Contoso quarterly numbers' },
        { id: 2, name: 'Fabrikam inventory' },
      ],
    });
  });
  if (config.onBehalfOf) {
    app.get(
      '/graph-profile',
      guard,
      requireScope('access_as_user'),
      graphProfileOnBehalfOf(config.onBehalfOf),
    );
  }
  app.get('/editor-data', guard, requireScope('access_as_user'), requireRole('Data.Edit'), (req, res) => {
    const auth = req.auth!;
    res.json({
      name: auth.claims.name,
      roles: auth.roles,
      groups: Array.isArray(auth.claims.groups) ? auth.claims.groups : [],
      message: `${auth.claims.name ?? 'You'} may change data: the token carries the Data.Edit role.`,
    });
  });
  app.use((_req, res) => {
    res.status(404).json({ error: 'not_found' });
  });
  return app;
}
