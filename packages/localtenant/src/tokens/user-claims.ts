import type { JWTPayload } from 'jose';
import type { Directory, DirectoryUser, RegisteredApp } from '../directory/directory.ts';
import { groupClaims } from './groups-claim.ts';
import { optionalClaims } from './optional-claims.ts';

/** What the directory adds to a user's token: the app's groups claim, optional claims and the user's roles. */
export interface UserClaimsInput {
  directory: Directory;
  /** The client for ID tokens, the resource (API) for access tokens: its manifest decides. */
  app: RegisteredApp;
  kind: 'idToken' | 'accessToken';
  version: 1 | 2;
  user: DirectoryUser;
  authTimeSeconds: number;
  sessionId?: string | undefined;
  /** The token travels in the URL (`/authorize` implicit or hybrid response). */
  implicit?: boolean;
}

/** The extra claims and the `roles` of a user's token. */
export interface UserClaims {
  extra: JWTPayload;
  roles: string[];
}

/**
 * The claims the directory decides for a user's token (docs/fidelity.md#groups, #app-roles-for-users,
 * #optional-claims): app roles assigned to the user or their groups, the groups claim, optional claims.
 */
export function userClaims(input: UserClaimsInput): UserClaims {
  const { directory, app, user } = input;
  const assigned = directory.assignedRoles(app, { userId: user.user.id });
  const groups = groupClaims({
    directory,
    app,
    kind: input.kind,
    tenantId: directory.tenant.id,
    userId: user.user.id,
    implicit: input.implicit ?? false,
  });
  // Guests: `idp` names the home tenant's issuer and `email` is there by default
  // (https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference, optional claims reference).
  const home = directory.guestHomeTenantId(user);
  const guest = home
    ? { idp: `https://sts.windows.net/${home}/`, email: user.user.mail ?? user.user.invitedFrom ?? undefined }
    : {};
  const extra = {
    ...guest,
    ...groups.claims,
    ...optionalClaims({
      app,
      kind: input.kind,
      version: input.version,
      tenant: directory.tenant,
      user,
      authTimeSeconds: input.authTimeSeconds,
      sessionId: input.sessionId,
    }),
  };
  return { extra, roles: [...new Set([...assigned, ...groups.roles])] };
}
