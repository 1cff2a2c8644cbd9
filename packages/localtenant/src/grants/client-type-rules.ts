import { type AuthenticatedClient, requireCredential } from '../client-auth/authenticate.ts';
import type { RedirectType } from '../codes/issue.ts';
import { aadsts } from '../errors/entra-error.ts';

/**
 * The client-type × Origin rules for redeeming a code or refresh token (spec §3.5, each row cited there):
 * - spa grant, no Origin → AADSTS9002327 (SPA tokens only via cross-origin requests);
 * - non-spa grant with Origin, or any client credential with Origin → AADSTS9002326;
 * - spa grant with Origin but a code without PKCE → AADSTS9002325 (checked by the code grant);
 * - web (confidential) grant without credential → AADSTS7000218; public client with one → AADSTS700025.
 */
export function checkClientType(
  redirectType: RedirectType,
  origin: string | null,
  auth: AuthenticatedClient,
): void {
  if (origin && (redirectType !== 'spa' || auth.method !== 'none')) {
    throw aadsts('crossOriginOnlyForSpa', { origin: origin.slice(0, 200) });
  }
  if (redirectType === 'spa') {
    if (!origin) throw aadsts('spaTokensNeedCrossOrigin');
    return;
  }
  if (redirectType === 'web') {
    requireCredential(auth);
    return;
  }
  // publicClient: "Client is public so neither 'client_assertion' nor 'client_secret' should be presented."
  if (auth.method !== 'none') throw aadsts('publicClientWithCredential');
}
