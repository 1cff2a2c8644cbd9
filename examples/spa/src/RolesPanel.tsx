import { decodeJwt } from './jwt.ts';

/** Props of {@link RolesPanel}. */
export interface RolesPanelProps {
  /** The access token for the API: its `roles` are the user's roles in the API, `groups` the user's groups. */
  accessToken: string | undefined;
  /** The ID token: its `groups` claim follows the SPA's own `groupMembershipClaims`. */
  idToken: string | undefined;
}

function list(payload: Record<string, unknown> | undefined, name: string): string[] {
  const value = payload?.[name];
  return Array.isArray(value) ? value.map(String) : [];
}

/** What the directory says about the user: app roles for the API and group memberships (or the overage hint). */
export function RolesPanel({ accessToken, idToken }: RolesPanelProps) {
  const access = decodeJwt(accessToken)?.payload;
  const id = decodeJwt(idToken)?.payload;
  const roles = list(access, 'roles');
  const groups = [...new Set([...list(access, 'groups'), ...list(id, 'groups')])];
  const overage = Boolean(access?._claim_names || id?._claim_names || id?.hasgroups);
  return (
    <section className="roles" data-testid="roles-panel" aria-label="Roles and groups">
      <h2>Roles and groups</h2>
      <p>
        Roles in the API: <span data-testid="user-roles">{roles.length > 0 ? roles.join(', ') : 'none'}</span>
      </p>
      <p>
        Groups: <span data-testid="user-groups">{groups.length > 0 ? groups.join(', ') : 'none'}</span>
        {overage && ' (too many groups for the token: ask Microsoft Graph for the rest)'}
      </p>
    </section>
  );
}
