import { clientCredentialsGrant } from './client-credentials.ts';
import type { GrantHandler } from './grant.ts';

/** Grant handlers by `grant_type`. */
export const grants: Record<string, GrantHandler> = {
  client_credentials: clientCredentialsGrant,
};
