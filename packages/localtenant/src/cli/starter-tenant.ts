import { randomBytes, randomUUID } from 'node:crypto';

/**
 * A commented starter tenant file: one API exposing a scope and an app role, one SPA that calls it, one daemon
 * holding the role, one user. Fresh GUIDs and a fresh client secret and password each time.
 */
export function starterTenant(): string {
  const id = {
    tenant: randomUUID(),
    user: randomUUID(),
    api: randomUUID(),
    scope: randomUUID(),
    role: randomUUID(),
    spa: randomUUID(),
    daemon: randomUUID(),
    secretKey: randomUUID(),
  };
  const secret = randomBytes(24).toString('base64url');
  const password = `Pw-${randomBytes(9).toString('base64url')}`;
  return `# A localtenant tenant: Microsoft Entra ID's objects as Microsoft Graph describes them.
# Run it:   npx localtenant start --tenant <this file>
# Check it: npx localtenant check --tenant <this file>
# The secret and password below were generated for this file; they are for localhost only.
tenant:
  id: ${id.tenant}
  domain: example.onmicrosoft.com
  displayName: Example

users:
  # Sign in with this user name and password on localtenant's sign-in page.
  - id: ${id.user}
    userPrincipalName: dev@example.onmicrosoft.com
    displayName: Dev User
    mail: dev@example.onmicrosoft.com
    password: ${password}

applications:
  # Your API. Access tokens for it have aud = its appId (v2 tokens) and scp = access_as_user.
  - appId: ${id.api}
    displayName: my-api
    identifierUris:
      - api://${id.api}
    api:
      requestedAccessTokenVersion: 2
      oauth2PermissionScopes:
        - id: ${id.scope}
          value: access_as_user
          type: User
          isEnabled: true
          adminConsentDisplayName: Access my-api as the signed-in user
          adminConsentDescription: Lets the app call my-api on behalf of the signed-in user.
          userConsentDisplayName: Access my-api as you
          userConsentDescription: Lets the app call my-api on your behalf.
    appRoles:
      # An application permission: daemons that hold it get roles = [Data.Read.All].
      - id: ${id.role}
        value: Data.Read.All
        displayName: Read all data
        description: Daemons with this role read all data from my-api.
        allowedMemberTypes: [Application]
        isEnabled: true

  # A single-page app (MSAL.js, authorization code + PKCE). Ask for the scope api://${id.api}/access_as_user.
  - appId: ${id.spa}
    displayName: my-spa
    spa:
      redirectUris:
        - http://localhost:5173
    requiredResourceAccess:
      - resourceAppId: ${id.api}
        resourceAccess:
          - id: ${id.scope}
            type: Scope

  # A daemon (client credentials with this secret). Ask for the scope api://${id.api}/.default.
  - appId: ${id.daemon}
    displayName: my-daemon
    passwordCredentials:
      - keyId: ${id.secretKey}
        displayName: starter secret
        secretText: ${secret}
    requiredResourceAccess:
      - resourceAppId: ${id.api}
        resourceAccess:
          - id: ${id.role}
            type: Role

# Application permissions granted to daemons (admin consent, as in Entra's "Grant admin consent").
appRoleAssignments:
  - principal: ${id.daemon}
    resource: ${id.api}
    appRole: Data.Read.All

# Delegated permissions consented in advance for all users (empty: users see the consent page once).
oauth2PermissionGrants: []
`;
}
