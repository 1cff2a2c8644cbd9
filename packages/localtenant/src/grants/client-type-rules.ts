import { type IdentifiedClient, requireCredential } from '../client-auth/authenticate.ts';
import type { RedirectType } from '../codes/issue.ts';
import { aadsts } from '../errors/entra-error.ts';

/**
 * The client-type × Origin rules for redeeming a code or refresh token (docs/fidelity.md#single-page-apps-and-origin,
 * each row cited there), checked on what the request presents, before its credential is verified:
 * - non-spa grant with Origin, or any client credential with Origin → AADSTS9002326;
 * - spa grant, no Origin → AADSTS9002327 (SPA tokens only via cross-origin requests);
 * - spa grant with Origin but a code without PKCE → AADSTS9002325 (checked by the code grant);
 * - web (confidential) grant without credential → AADSTS7000218; public client with one → AADSTS700025.
 */
export function checkClientType(
  redirectType: RedirectType,
  origin: string | null,
  client: IdentifiedClient,
): void {
  if (origin && (redirectType !== 'spa' || client.hasCredential)) {
    throw aadsts('crossOriginOnlyForSpa', { origin: origin.slice(0, 200) });
  }
  if (redirectType === 'spa') {
    if (!origin) throw aadsts('spaTokensNeedCrossOrigin');
    return;
  }
  if (redirectType === 'web') {
    requireCredential(client);
    return;
  }
  // publicClient: "Client is public so neither 'client_assertion' nor 'client_secret' should be presented."
  if (client.hasCredential) throw aadsts('publicClientWithCredential');
}
