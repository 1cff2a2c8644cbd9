import { randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { RegisteredApp } from '../directory/directory.ts';
import { applicationObjectId, type StoredSecretJson } from '../directory/runtime.ts';
import { applicationSchema } from '../directory/schema.ts';
import { hashGeneratedSecret, secretHashToJson } from '../directory/secrets.ts';
import { type GraphPermissions, requirePermission } from './auth.ts';
import { readBody } from './body.ts';
import { GraphError, graphErrors } from './errors.ts';
import type { GraphRequest, GraphRoute } from './routes.ts';

/** https://learn.microsoft.com/graph/api/application-post-applications#permissions */
const WRITE_APPS: GraphPermissions = {
  delegated: ['Application.ReadWrite.All'],
  application: ['Application.ReadWrite.All'],
};

/** An application as Graph returns it: the manifest, its object id, and secret metadata (never the secret). */
export function graphApplicationJson(
  r: GraphRequest,
  registered: RegisteredApp,
  secrets: StoredSecretJson[],
) {
  const { passwordCredentials: _p, keyCredentials: _k, ...app } = registered.app;
  return {
    '@odata.context': `${r.base}/$metadata#applications/$entity`,
    id: applicationObjectId(r.ctx.directory.tenant.id, app.appId),
    ...app,
    keyCredentials: [],
    passwordCredentials: secrets.map(({ hash: _, ...meta }) => ({ customKeyIdentifier: null, ...meta })),
  };
}

/** The application addressed by object id (Graph's `/applications/{id}`). */
export function applicationByObjectId(r: GraphRequest, id: string): RegisteredApp {
  const tenantId = r.ctx.directory.tenant.id;
  const found = r.ctx.directory
    .applications()
    .find((a) => applicationObjectId(tenantId, a.app.appId).toLowerCase() === id.toLowerCase());
  if (!found) throw graphErrors.notFound(id);
  return found;
}

const addPasswordBody = z
  .object({
    passwordCredential: z
      .object({
        displayName: z.string().max(256).nullish(),
        startDateTime: z.iso.datetime({ offset: true }).nullish(),
        endDateTime: z.iso.datetime({ offset: true }).nullish(),
      })
      .optional(),
  })
  .optional();

const TWO_YEARS_MS = 2 * 365 * 86_400_000;

/** `POST /applications` and `POST /applications/{id}/addPassword`. */
export function applicationRoutes(): GraphRoute[] {
  return [
    {
      method: 'POST',
      path: '/applications',
      handle: async (r) => {
        requirePermission(r.caller, WRITE_APPS);
        const body = await readBody(r.c, z.record(z.string(), z.unknown()), 'Application');
        const { passwordCredentials: _p, keyCredentials: _k, appId: _a, id: _i, ...rest } = body;
        const parsed = applicationSchema.safeParse({ ...rest, appId: randomUUID() });
        if (!parsed.success || typeof body.displayName !== 'string') {
          const property = parsed.success
            ? 'displayName'
            : parsed.error.issues[0]?.path.map(String).join('.');
          throw new GraphError(
            400,
            'Request_BadRequest',
            `Invalid value specified for property '${property}' of resource 'Application'.`,
          );
        }
        for (const uri of parsed.data.identifierUris) {
          if (r.ctx.directory.resource(uri)) {
            throw new GraphError(
              400,
              'Request_BadRequest',
              'Another object with the same value for property identifierUris already exists.',
            );
          }
        }
        const registered = await r.writer.putApplication(parsed.data, [], undefined);
        return r.c.json(graphApplicationJson(r, registered, []), 201);
      },
    },
    {
      method: 'POST',
      path: '/applications/:id/addPassword',
      handle: async (r) => {
        requirePermission(r.caller, WRITE_APPS);
        const current = applicationByObjectId(r, r.params.id ?? '');
        const body = await readBody(r.c, addPasswordBody, 'PasswordCredential');
        const asked = body?.passwordCredential;
        const now = r.ctx.now();
        const start = asked?.startDateTime ? Date.parse(asked.startDateTime) : now;
        const end = asked?.endDateTime ? Date.parse(asked.endDateTime) : start + TWO_YEARS_MS;
        // Entra's generated secrets: 40 characters, the first three shown as the `hint`.
        const secretText = randomBytes(30).toString('base64url').slice(0, 40);
        const credential: StoredSecretJson = {
          keyId: randomUUID(),
          displayName: asked?.displayName ?? null,
          hint: secretText.slice(0, 3),
          startDateTime: new Date(start).toISOString(),
          endDateTime: new Date(end).toISOString(),
          hash: secretHashToJson(hashGeneratedSecret(secretText)),
        };
        const stored = await r.writer.storedSecrets(current.app.appId);
        await r.writer.putApplication(current.app, [...stored, credential], current);
        const { hash: _, ...meta } = credential;
        return r.c.json({
          '@odata.context': `${r.base}/$metadata#microsoft.graph.passwordCredential`,
          customKeyIdentifier: null,
          ...meta,
          secretText,
        });
      },
    },
  ];
}
