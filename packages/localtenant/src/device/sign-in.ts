import type { Context } from 'hono';
import type { Interaction, InteractionOutcome } from '../authorize/interaction.ts';
import { grantFor } from '../authorize/issue.ts';
import type { AuthorizeRequest } from '../authorize/request.ts';
import { showError } from '../authorize/respond.ts';
import { resolveScopes } from '../authorize/scopes.ts';
import type { ServerContext } from '../context.ts';
import { aadsts } from '../errors/entra-error.ts';
import type { RequestIds } from '../errors/render.ts';
import type { StoredDeviceCode } from '../storage/device-codes.ts';
import { deviceDeclinedPage, deviceDonePage } from '../ui/device.ts';
import { pageHeaders } from '../ui/layout.ts';
import { DEVICE_LOGIN_PATH, normalizeUserCode, userCodeHash } from './codes.ts';

/**
 * The pending device authorization a user code names: AADSTS70018 when unknown, 70019 when expired or already
 * decided (the message says which). Shown on the code page, never sent to the device.
 */
export async function pendingByUserCode(ctx: ServerContext, typed: string): Promise<StoredDeviceCode> {
  if (!normalizeUserCode(typed)) throw aadsts('userCodeUnknown');
  const row = await ctx.storage.deviceCodes.byUserCode(userCodeHash(typed));
  if (!row) throw aadsts('userCodeUnknown');
  if (row.status !== 'pending') throw aadsts('userCodeUsed');
  if (row.expires_at <= ctx.now()) throw aadsts('userCodeExpired');
  return row;
}

/**
 * The device authorization as an authorize request, so the sign-in, account-picker and consent pages (and the
 * SSO session) of /authorize serve it unchanged: no redirect URI, no PKCE, no prompt; the forms carry only
 * `user_code` and re-read everything else from storage on every step.
 */
function asAuthorizeRequest(ctx: ServerContext, row: StoredDeviceCode, userCode: string): AuthorizeRequest {
  const client = ctx.directory.application(row.client_id);
  if (!client) throw aadsts('userCodeUnknown', {}, 'the client of this device code no longer exists');
  const alias = row.tenant_id === 'organizations' || row.tenant_id === 'common' ? row.tenant_id : undefined;
  return {
    tenantId: ctx.directory.tenant.id,
    tenantSegment: row.tenant_id,
    alias,
    client,
    redirect: { uri: '', type: 'publicClient' },
    responseTypes: new Set(['code']),
    responseType: 'code',
    responseMode: 'query',
    state: undefined,
    nonce: undefined,
    scopes: resolveScopes(ctx.directory, row.scopes.split(' ')),
    prompt: undefined,
    loginHint: undefined,
    sidHint: undefined,
    codeChallenge: undefined,
    codeChallengeMethod: undefined,
    clientInfo: false,
    params: new URLSearchParams({ user_code: normalizeUserCode(userCode) }),
  };
}

/**
 * The context a device authorization is answered in: its tenant's, or on `/organizations` and `/common` the first
 * tenant's until the user's own is known (docs/fidelity.md#home-realm-discovery).
 */
export function deviceContext(ctx: ServerContext, row: StoredDeviceCode): ServerContext {
  const directory = ctx.tenants.find(row.tenant_id) ?? ctx.tenants.home;
  return directory === ctx.directory ? ctx : { ...ctx, directory };
}

/** Records the user's decision for the polling device, and shows the page that ends the sign-in. */
function deviceOutcome(userCode: string): InteractionOutcome {
  const hash = userCodeHash(userCode);
  return {
    stepBase: DEVICE_LOGIN_PATH,
    async approve(i, session, consents) {
      const grant = grantFor(i.req, session, consents);
      const approval = { user_id: session.user.user.id, grant, session_id: session.session.id };
      if (!(await i.ctx.storage.deviceCodes.approve(hash, approval, i.ctx.now()))) {
        return showError(i.ctx, i.c, i.ids, aadsts('userCodeExpired'));
      }
      i.ctx.log.log('info', 'device code: approved', {
        clientId: i.req.client.app.appId,
        userId: session.user.user.id,
        correlationId: i.ids.correlationId,
      });
      const page = deviceDonePage({
        appName: i.req.client.app.displayName,
        userName: session.user.user.userPrincipalName,
      });
      return i.c.html(page, 200, pageHeaders);
    },
    async decline(i) {
      await i.ctx.storage.deviceCodes.decline(hash, i.ctx.now());
      i.ctx.log.log('info', 'device code: declined', {
        clientId: i.req.client.app.appId,
        correlationId: i.ids.correlationId,
      });
      return i.c.html(deviceDeclinedPage({ appName: i.req.client.app.displayName }), 200, pageHeaders);
    },
  };
}

/** The interaction of one device page step, for the user code the form carries. */
export async function deviceInteraction(
  serverCtx: ServerContext,
  c: Context,
  ids: RequestIds,
  userCode: string,
): Promise<Interaction & { outcome: InteractionOutcome }> {
  const row = await pendingByUserCode(serverCtx, userCode);
  const ctx = deviceContext(serverCtx, row);
  return {
    ctx,
    c,
    ids,
    dest: { uri: '', mode: 'query', state: undefined },
    req: asAuthorizeRequest(ctx, row, userCode),
    outcome: deviceOutcome(userCode),
  };
}
