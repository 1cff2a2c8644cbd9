import { applicationSchema } from './schema.ts';

/** Microsoft Graph's well-known appId. */
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

/**
 * Microsoft Graph as a built-in resource, present in every tenant as in Entra: `User.Read` and the OIDC scopes (hosted
 * on Graph, docs/fidelity.md#scopes-and-consent) with their real permission ids. Graph takes v1.0 tokens
 * (docs/fidelity.md#access-tokens).
 */
export const graphApplication = applicationSchema.parse({
  appId: GRAPH_APP_ID,
  displayName: 'Microsoft Graph',
  identifierUris: ['https://graph.microsoft.com', 'https://graph.microsoft.com/'],
  api: {
    requestedAccessTokenVersion: 1,
    oauth2PermissionScopes: [
      scope('e1fe6dd8-ba31-4d61-89e7-88639da4683d', 'User.Read', 'Sign in and read user profile'),
      scope('37f7f235-527c-4136-accd-4a02d197296e', 'openid', 'Sign users in'),
      scope('14dad69e-099b-42c9-810b-d002981feec1', 'profile', "View users' basic profile"),
      scope('64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0', 'email', "View users' email address"),
      scope(
        '7427e0e9-2fba-42fe-b0c0-848c9e6a8182',
        'offline_access',
        'Maintain access to data you have given it access to',
      ),
      scope('b340eb25-3456-403f-be2f-af7a0d370277', 'User.ReadBasic.All', "Read all users' basic profiles"),
      scope(
        'a154be20-db9c-4678-8ab7-66f6cc099a59',
        'User.Read.All',
        "Read all users' full profiles",
        'Admin',
      ),
      scope(
        'bc024368-1153-4739-b217-4326f2e966d0',
        'GroupMember.Read.All',
        'Read group memberships',
        'Admin',
      ),
      scope('5f8c59db-677d-491f-a6b8-5f174b11ec1d', 'Group.Read.All', 'Read all groups', 'Admin'),
      scope('06da0dbc-49e2-44d2-8312-53f166ab848a', 'Directory.Read.All', 'Read directory data', 'Admin'),
    ],
  },
  // Application permissions, with Graph's ids (https://learn.microsoft.com/graph/permissions-reference).
  appRoles: [
    role('df021288-bdef-4463-88db-98f22de89214', 'User.Read.All', "Read all users' full profiles"),
    role(
      '741f803b-c850-494e-b5df-cde7c675a1ca',
      'User.ReadWrite.All',
      "Read and write all users' full profiles",
    ),
    role('98830695-27a2-44f7-8c18-0c3ebc9698f6', 'GroupMember.Read.All', 'Read all group memberships'),
    role('5b567255-7703-4780-807c-7be8301ae99b', 'Group.Read.All', 'Read all groups'),
    role('62a82d76-70ea-41e2-9197-370581804d09', 'Group.ReadWrite.All', 'Read and write all groups'),
    role('7ab1d382-f21e-4acd-a863-ba3e13f7da61', 'Directory.Read.All', 'Read directory data'),
    role('9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30', 'Application.Read.All', 'Read all applications'),
    role(
      '8e8e4742-1d95-4f68-9d56-6ee75648c72a',
      'DelegatedPermissionGrant.ReadWrite.All',
      'Manage all delegated permission grants',
    ),
    role(
      '1bfefb4e-e0b5-418b-a88f-73c6d2e8e8e6',
      'Application.ReadWrite.All',
      'Read and write all applications',
    ),
    role(
      '06b708a9-e830-4db3-a914-8e69da51d44f',
      'AppRoleAssignment.ReadWrite.All',
      'Manage app permission grants and app role assignments',
    ),
  ],
});

function role(id: string, value: string, displayName: string) {
  return {
    id,
    value,
    displayName,
    description: displayName,
    allowedMemberTypes: ['Application'],
    isEnabled: true,
  };
}

function scope(id: string, value: string, displayName: string, type: 'User' | 'Admin' = 'User') {
  return {
    id,
    value,
    type,
    isEnabled: true,
    adminConsentDisplayName: displayName,
    userConsentDisplayName: displayName,
  };
}
