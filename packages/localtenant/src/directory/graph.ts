import { applicationSchema } from './schema.ts';

/** Microsoft Graph's well-known appId. */
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

/**
 * Microsoft Graph as a built-in resource, present in every tenant as in Entra: `User.Read` and the OIDC scopes
 * (hosted on Graph, spec §2.3) with their real permission ids. Graph takes v1.0 tokens (spec §5.2).
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
    ],
  },
});

function scope(id: string, value: string, displayName: string) {
  return {
    id,
    value,
    type: 'User',
    isEnabled: true,
    adminConsentDisplayName: displayName,
    userConsentDisplayName: displayName,
  };
}
