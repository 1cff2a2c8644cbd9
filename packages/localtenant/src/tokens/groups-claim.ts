import type { JWTPayload } from 'jose';
import type { Directory, RegisteredApp } from '../directory/directory.ts';
import type { TenantGroup } from '../directory/schema.ts';

/** Groups in a JWT before the overage claim replaces them (docs/fidelity.md#groups). */
export const JWT_GROUP_LIMIT = 200;
/** Groups in an implicit-flow token before `hasgroups` replaces them: "six or more groups" (docs/fidelity.md#groups). */
export const IMPLICIT_GROUP_LIMIT = 5;

/** What decides the groups claim of one token. */
export interface GroupClaimInput {
  directory: Directory;
  /** The app whose manifest decides: the client for ID tokens, the resource (API) for access tokens. */
  app: RegisteredApp;
  kind: 'idToken' | 'accessToken';
  tenantId: string;
  userId: string;
  /** The token travels in the URL (implicit or hybrid `/authorize` response). */
  implicit: boolean;
}

/** The groups claim and where the values go: `groups`, or `roles` with `emit_as_roles`. */
export interface GroupClaims {
  claims: JWTPayload;
  /** Group values to add to `roles` (`emit_as_roles`). */
  roles: string[];
}

/** The user's groups that `groupMembershipClaims` selects (https://learn.microsoft.com/entra/identity-platform/reference-app-manifest#groupmembershipclaims-attribute). */
function selectedGroups(input: GroupClaimInput): TenantGroup[] {
  const setting = input.app.app.groupMembershipClaims ?? 'None';
  if (setting === 'None' || setting === 'DirectoryRole') return [];
  const groups = input.directory.memberOf(input.userId, true);
  if (setting === 'All') return groups;
  if (setting === 'SecurityGroup') return groups.filter((g) => g.securityEnabled);
  // ApplicationGroup: only the groups assigned to the application.
  const assigned = new Set(
    input.directory
      .groups()
      .filter((g) => input.directory.isGroupAssigned(input.app, g.id))
      .map((g) => g.id.toLowerCase()),
  );
  return groups.filter((g) => assigned.has(g.id.toLowerCase()));
}

/**
 * The `groups` claim as Entra issues it: group object ids (display names for `cloud_displayname` with
 * ApplicationGroup); above 200 groups the overage claims `_claim_names`/`_claim_sources`; in implicit-flow
 * tokens with six or more groups `hasgroups: true` instead; `emit_as_roles` moves the values to `roles`.
 */
export function groupClaims(input: GroupClaimInput): GroupClaims {
  const groups = selectedGroups(input);
  if (groups.length === 0) return { claims: {}, roles: [] };
  if (input.implicit && groups.length > IMPLICIT_GROUP_LIMIT)
    return { claims: { hasgroups: true }, roles: [] };
  if (groups.length > JWT_GROUP_LIMIT) {
    return {
      claims: {
        _claim_names: { groups: 'src1' },
        _claim_sources: {
          src1: {
            endpoint: `https://graph.windows.net/${input.tenantId}/users/${input.userId}/getMemberObjects`,
          },
        },
      },
      roles: [],
    };
  }
  const options = (input.app.app.optionalClaims?.[input.kind] ?? [])
    .filter((c) => c.name === 'groups')
    .flatMap((c) => c.additionalProperties);
  // Cloud-only groups have no on-premises sAMAccountName or SID: Entra emits their object ids for those options.
  const names =
    options.includes('cloud_displayname') && input.app.app.groupMembershipClaims === 'ApplicationGroup';
  const values = groups.map((g) => (names ? g.displayName : g.id));
  return options.includes('emit_as_roles')
    ? { claims: {}, roles: values }
    : { claims: { groups: values }, roles: [] };
}
