import type { DirectoryUser } from './directory.ts';
import { GRAPH_APP_ID } from './graph.ts';

/**
 * The Microsoft Entra built-in roles that may grant tenant-wide admin consent, by display name and role template id
 * (https://learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference), and whether they
 * may also grant Microsoft Graph application permissions
 * (https://learn.microsoft.com/entra/identity/enterprise-apps/grant-admin-consent#prerequisites).
 */
const CONSENT_ROLES: { name: string; templateId: string; graphAppRoles: boolean }[] = [
  { name: 'Global Administrator', templateId: '62e90394-69f5-4237-9190-012177145e10', graphAppRoles: true },
  {
    name: 'Privileged Role Administrator',
    templateId: 'e8611ab8-c189-46e8-94e1-60213ab1f814',
    graphAppRoles: true,
  },
  {
    name: 'Cloud Application Administrator',
    templateId: '158c047a-c907-4556-b7ef-446551a6b5f7',
    graphAppRoles: false,
  },
  {
    name: 'Application Administrator',
    templateId: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
    graphAppRoles: false,
  },
];

/** The consent-granting roles a user holds (`directoryRoles` names or template ids, any case). */
function consentRoles(user: DirectoryUser) {
  const held = new Set((user.user.directoryRoles ?? []).map((r) => r.trim().toLowerCase()));
  return CONSENT_ROLES.filter((r) => held.has(r.name.toLowerCase()) || held.has(r.templateId));
}

/**
 * Whether `user` may grant tenant-wide admin consent for these permissions: any consent role for delegated
 * permissions and other APIs' application permissions; Global or Privileged Role Administrator for Microsoft
 * Graph application permissions.
 */
export function mayGrantAdminConsent(user: DirectoryUser, appRoleResources: string[]): boolean {
  const roles = consentRoles(user);
  if (roles.length === 0) return false;
  const graphRoles = appRoleResources.some((r) => r.toLowerCase() === GRAPH_APP_ID);
  return !graphRoles || roles.some((r) => r.graphAppRoles);
}
