import { consentedMap, consentFor } from '../authorize/consent.ts';
import { resolveScopes } from '../authorize/scopes.ts';
import type { ServerContext } from '../context.ts';
import type { RegisteredApp } from '../directory/directory.ts';
import { aadsts } from '../errors/entra-error.ts';
import { scopeWords } from '../scopes/parse.ts';
import type { GrantData } from '../storage/grant.ts';

/**
 * The grant of a token-endpoint user flow that has no consent page (ROPC, on-behalf-of): the requested scopes are
 * resolved as at /authorize (AADSTS500011, 70011) and must all be consented already, by the tenant file's
 * oauth2PermissionGrants or by the user on an earlier consent page; anything missing is AADSTS65001
 * (`invalid_grant`), as the code flow's rules would ask for consent (docs/fidelity.md#resource-owner-password).
 */
export async function consentedGrant(
  ctx: ServerContext,
  client: RegisteredApp,
  userId: string,
  scope: string,
  tenantId: string,
): Promise<GrantData> {
  const words = scopeWords(scope);
  if (words.length === 0) throw aadsts('missingParameter', { name: 'scope' });
  const consents = await consentFor(ctx, client, userId, resolveScopes(ctx.directory, words));
  const lacking = consents.some((c) => c.missing.length > 0 || c.requested.length === 0);
  if (lacking) {
    throw aadsts('consentRequired', { clientId: client.app.appId, clientName: client.app.displayName });
  }
  return {
    scopes: words,
    consented: consentedMap(consents),
    authTime: Math.floor(ctx.now() / 1000),
    tenantId,
  };
}
