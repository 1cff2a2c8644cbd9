/**
 * What an AADSTS code means for the developer who met it, and what to change: shown by the error page
 * (`/error?code=N`) and the console's sign-in log. Keyed by AADSTS number; the wire texts stay in catalogue.ts.
 */
export interface Explanation {
  /** What went wrong, in plain words. */
  why: string;
  /** What to change, naming the setting. */
  fix: string;
}

const table: Record<number, Explanation> = {
  90002: {
    why: 'The tenant in the URL is not one this server knows.',
    fix: 'Use the tenant GUID or domain of your tenant file in the authority (https://<host>/<tenant id>).',
  },
  9001023: {
    why: 'This grant needs a tenant: /common and /consumers cannot say which directory to use.',
    fix: 'Use the tenant-specific authority (or /organizations where the grant allows it).',
  },
  900144: {
    why: 'A required parameter is missing from the request.',
    fix: 'Send the parameter the message names; MSAL sends it for you when the configuration is complete.',
  },
  70003: {
    why: 'The grant_type is not one this endpoint supports.',
    fix: 'Check the grant_type value, or use the client library call made for this flow.',
  },
  700016: {
    why: 'No application with this client id is registered in the tenant.',
    fix: "Copy the app's appId (Application (client) ID) from the tenant file into clientId.",
  },
  7000215: {
    why: 'The client secret is wrong: often the secret id (keyId) was sent instead of its value.',
    fix: "Send the secret's value (secretText in the tenant file), not its id.",
  },
  7000222: {
    why: "The app's client secret has expired.",
    fix: 'Add a new secret (passwordCredentials, or Graph addPassword) and use it.',
  },
  7000218: {
    why: 'A confidential client called without a credential.',
    fix: 'Send client_secret or client_assertion; in MSAL use ConfidentialClientApplication with clientSecret or a certificate.',
  },
  700025: {
    why: 'A public client (SPA, desktop, mobile) sent a secret or an assertion; public clients cannot keep secrets.',
    fix: 'Remove the credential from the request, or register a web (confidential) app instead.',
  },
  700027: {
    why: 'The client assertion was signed with a key whose certificate is not registered on the app.',
    fix: "Register the certificate under the app's keyCredentials, and sign with its private key (x5t = its SHA-1 thumbprint).",
  },
  1002012: {
    why: 'Client credentials need a scope of the form <resource>/.default.',
    fix: "Request 'api://<api appId>/.default' (or 'https://graph.microsoft.com/.default').",
  },
  70011: {
    why: 'The scope is not valid for this app or request.',
    fix: 'Use scopes the API exposes (api://<appId>/<scope>), or <resource>/.default for client credentials.',
  },
  28000: {
    why: 'The request asked for scopes of more than one API; a token is for one resource.',
    fix: 'Ask for one API per token request; get the other with acquireTokenSilent afterwards.',
  },
  500011: {
    why: 'The resource named in the scope is not registered in the tenant.',
    fix: 'Check the App ID URI or appId in the scope against the API in the tenant file.',
  },
  54005: {
    why: 'The authorization code was already redeemed: codes are single use.',
    fix: 'Do not redeem the same code twice (a retried request, a React effect that runs twice); start a new sign-in.',
  },
  70000: {
    why: 'The code, refresh token or assertion is not valid (revoked, or issued to another client).',
    fix: 'Sign in again to get a new grant; send it with the client it was issued to.',
  },
  70008: {
    why: 'The code or refresh token has expired.',
    fix: 'Sign in again; codes live 10 minutes.',
  },
  50011: {
    why: 'The redirect URI is not registered on the app, or differs from the one the code was issued to (case, trailing slash, http vs https).',
    fix: "Add the exact URI to the app's redirect URIs under the right platform (spa, web, publicClient), or fix redirectUri in the client.",
  },
  700009: {
    why: 'The code was redeemed without redirect_uri, but /authorize had one: the token request must repeat it.',
    fix: 'Send the same redirect_uri at the token endpoint as at /authorize (MSAL: redirectUri in acquireTokenByCode).',
  },
  50148: {
    why: 'The code_verifier does not match the code_challenge sent to /authorize.',
    fix: 'Send the verifier generated with that challenge (MSAL does this itself; check custom PKCE code and storage).',
  },
  501481: {
    why: 'The code was requested with PKCE but redeemed without a code_verifier.',
    fix: 'Send code_verifier at the token endpoint.',
  },
  700084: {
    why: "A single-page app's refresh token has a fixed 24-hour lifetime and it has passed.",
    fix: 'Let MSAL fall back to an interactive or iframe sign-in (acquireTokenSilent then acquireTokenPopup).',
  },
  65001: {
    why: 'The user (or an admin) has not consented to the permissions requested.',
    fix: 'Sign in interactively to show the consent page, or add an oauth2PermissionGrants entry (admin consent) in the tenant file.',
  },
  9002325: {
    why: 'A browser (cross-origin) request redeemed a code without PKCE.',
    fix: 'Use MSAL Browser (it sends PKCE), or send code_challenge at /authorize and code_verifier at /token.',
  },
  9002326: {
    why: "A browser redeemed a code for an app whose redirect URI is not registered as a 'spa' platform.",
    fix: 'Move the redirect URI to spa.redirectUris in the app registration.',
  },
  9002327: {
    why: "Tokens of a 'spa' redirect URI can only be redeemed from a browser (with an Origin header).",
    fix: 'Redeem from the browser, or register the server-side redirect URI under web.',
  },
  500113: {
    why: 'The app has no redirect URI registered.',
    fix: 'Add a redirect URI to the app (spa, web or publicClient).',
  },
  50194: {
    why: 'A single-tenant app was used through /common or /organizations.',
    fix: 'Use the tenant-specific authority, or set signInAudience to AzureADMultipleOrgs.',
  },
  70005: {
    why: 'The response_type is not allowed for this request or app.',
    fix: "Use response_type=code with PKCE; for id_token enable it in web.implicitGrantSettings and include 'openid'.",
  },
  700054: {
    why: 'The app asked for an ID token from /authorize but implicit ID tokens are not enabled.',
    fix: 'Use the code flow, or set web.implicitGrantSettings.enableIdTokenIssuance: true.',
  },
  700051: {
    why: 'The app asked for an access token from /authorize but implicit access tokens are not enabled.',
    fix: 'Use the code flow, or set web.implicitGrantSettings.enableAccessTokenIssuance: true.',
  },
  50147: {
    why: 'The code_challenge is missing or has the wrong size.',
    fix: 'Send a 43-128 character S256 code_challenge (MSAL does).',
  },
  50058: {
    why: 'A silent request (prompt=none) found no signed-in user.',
    fix: 'Fall back to an interactive sign-in (loginPopup / loginRedirect).',
  },
  16000: {
    why: 'Several accounts are signed in and the silent request did not say which.',
    fix: 'Pass the account (or login_hint / sid) to acquireTokenSilent.',
  },
  90094: {
    why: 'The app asks for permissions only an administrator can grant.',
    fix: 'Grant admin consent: an oauth2PermissionGrants entry with consentType AllPrincipals in the tenant file.',
  },
  65004: {
    why: 'The user declined the consent page.',
    fix: 'Sign in again and accept, or ask for fewer permissions.',
  },
  50034: {
    why: 'No user with this name exists in the tenant.',
    fix: 'Check the user principal name against the users of the tenant file (or create the user through Graph).',
  },
  50126: {
    why: 'Wrong user name or password.',
    fix: 'Use the password from the tenant file (npm start prints the demo users).',
  },
  50053: {
    why: 'Too many wrong passwords: the account is locked for a while.',
    fix: 'Wait for settings.lockoutSeconds, or restart with a new data directory.',
  },
  50057: {
    why: 'The user account is disabled (accountEnabled: false).',
    fix: 'Enable the account in the tenant file or through Graph (PATCH /users/{id}).',
  },
  90055: {
    why: 'Too many password sign-ins arrived at once: more were waiting for their password check than the server queues.',
    fix: 'Retry after the seconds of the Retry-After header, or send fewer password sign-ins in parallel.',
  },
  90100: {
    why: 'An unexpected error on the server.',
    fix: "Look for the trace id in localtenant's log (stderr).",
  },
};

/** The explanation of an AADSTS code, when there is one. */
export function explain(code: number): Explanation | undefined {
  return Object.hasOwn(table, code) ? table[code] : undefined;
}
