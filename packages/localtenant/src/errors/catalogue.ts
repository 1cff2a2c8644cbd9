/**
 * The AADSTS catalogue: every Entra error localtenant can return, in one table.
 * Codes, `error` values, HTTP statuses and texts follow Microsoft's error reference
 * (https://learn.microsoft.com/entra/identity-platform/reference-error-codes) and real responses; see
 * docs/fidelity.md#errors.
 */
export interface CatalogueEntry {
  /** The AADSTS number. */
  code: number;
  /** The OAuth 2.0 `error` value Entra sends with it. */
  error: string;
  /** HTTP status at the token endpoint (401 for invalid_client, docs/fidelity.md#errors). */
  status: 400 | 401 | 404 | 405 | 413 | 415 | 429 | 500;
  /** The message after `AADSTS<code>: `; `{name}` placeholders are filled from the throw site's params. */
  message: string;
  /**
   * Entra's `suberror`, sent after `error_uri` (e.g. `consent_required` with AADSTS65001 at the token endpoint:
   * MSAL reads it to raise its interaction-required error, docs/fidelity.md#on-behalf-of).
   */
  suberror?: string;
  /** Seconds for a `Retry-After` header (a throttled request, docs/fidelity.md#sign-in). */
  retryAfter?: number;
}

const entry = (code: number, error: string, status: CatalogueEntry['status'], message: string) => ({
  code,
  error,
  status,
  message,
});

/** All errors by key. Throw with `aadsts('key', params)`, never with a literal number. */
export const catalogue = {
  // Tenants and endpoints
  tenantNotFound: entry(
    90002,
    'invalid_tenant',
    400,
    "Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.",
  ),
  invalidTenantIdentifier: entry(
    900023,
    'invalid_request',
    400,
    "Specified tenant identifier '{tenant}' is neither a valid DNS name, nor a valid external domain.",
  ),
  noTenantInformation: entry(
    50059,
    'invalid_request',
    400,
    'No tenant-identifying information found in either the request or implied by any provided credentials.',
  ),
  grantNotSupportedOnCommon: entry(
    9001023,
    'invalid_request',
    400,
    'The grant type is not supported over the /common or /consumers endpoints. Please use the /organizations or tenant-specific endpoint.',
  ),
  methodNotAllowed: entry(
    900561,
    'invalid_request',
    405,
    'The endpoint only accepts {validVerbs} requests. Received a {verb} request.',
  ),
  unknownInstance: entry(
    50049,
    'invalid_instance',
    400,
    'NoSuchInstanceForDiscovery - Unknown or invalid instance.',
  ),
  // Request shape
  missingParameter: entry(
    900144,
    'invalid_request',
    400,
    "The request body must contain the following parameter: '{name}'.",
  ),
  malformedRequest: entry(
    9002313,
    'invalid_request',
    400,
    'Invalid request. Request is malformed or invalid.',
  ),
  duplicateParameter: entry(
    9002313,
    'invalid_request',
    400,
    "Invalid request. Request is malformed or invalid. The parameter '{name}' is duplicated.",
  ),
  requestTooLarge: entry(9002313, 'invalid_request', 413, 'Invalid request. The request body is too large.'),
  wrongContentType: entry(
    9002313,
    'invalid_request',
    415,
    "Invalid request. The request body must be 'application/x-www-form-urlencoded'.",
  ),
  unsupportedGrantType: entry(
    70003,
    'unsupported_grant_type',
    400,
    "The app requested an unsupported grant type '{grantType}'.",
  ),
  // Clients and credentials
  unknownClient: entry(
    700016,
    'unauthorized_client',
    400,
    "Application with identifier '{clientId}' was not found in the directory '{tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.",
  ),
  invalidClientSecret: entry(
    7000215,
    'invalid_client',
    401,
    "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{clientId}'.",
  ),
  expiredClientSecret: entry(
    7000222,
    'invalid_client',
    401,
    "The provided client secret keys for app '{clientId}' are expired. Visit the Azure portal to create new keys for your app.",
  ),
  missingClientCredential: entry(
    7000218,
    'invalid_client',
    401,
    "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  ),
  publicClientWithCredential: entry(
    700025,
    'invalid_client',
    401,
    "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.",
  ),
  clientIdMismatch: entry(
    700016,
    'unauthorized_client',
    400,
    "Application with identifier '{clientId}' was not found in the directory '{tenant}'. The client_id in the request body and in the Authorization header differ.",
  ),
  invalidClientAssertionType: entry(
    700023,
    'invalid_client',
    401,
    "Invalid client assertion type '{type}'. Expected 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'.",
  ),
  malformedClientAssertion: entry(
    50027,
    'invalid_client',
    401,
    'JWT token is invalid or malformed. The client_assertion could not be parsed.',
  ),
  clientAssertionWrongSubject: entry(
    700021,
    'invalid_client',
    401,
    "Client assertion application identifier doesn't match 'client_id' parameter. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .",
  ),
  clientAssertionWrongAudience: entry(
    700212,
    'invalid_client',
    401,
    "No matching federated identity record found for presented assertion audience '{audience}'. The client_assertion audience must be the token endpoint '{expected}'.",
  ),
  // Workload identity federation (docs/fidelity.md#workload-identity-federation): the presented value and what
  // the application's federatedIdentityCredentials expect.
  federatedEntraIssued: entry(
    700222,
    'invalid_client',
    401,
    "AAD-issued tokens may not be used for federated identity flows. Presented assertion issuer: '{issuer}'.",
  ),
  federatedWrongIssuer: entry(
    700211,
    'invalid_client',
    401,
    "No matching federated identity record found for presented assertion issuer '{issuer}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. Issuers of the application's federated identity credentials: {expected}.",
  ),
  federatedWrongSubject: entry(
    700213,
    'invalid_client',
    401,
    "No matching federated identity record found for presented assertion subject '{subject}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. Subjects for issuer '{issuer}': {expected}.",
  ),
  federatedSubjectCase: entry(
    7002138,
    'invalid_client',
    401,
    "No matching federated identity record found for presented assertion subject '{subject}'. The federated identity credential '{name}' has subject '{expected}', which matches only when case is ignored: subjects are compared case-sensitively.",
  ),
  federatedWrongAudience: entry(
    700212,
    'invalid_client',
    401,
    "No matching federated identity record found for presented assertion audience '{audience}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. Audiences of the federated identity credential '{name}': {expected}.",
  ),
  federatedNoMatch: entry(
    70021,
    'invalid_client',
    401,
    'No matching federated identity record found for presented assertion. {reason}',
  ),
  clientAssertionTooManyAudiences: entry(
    5002741,
    'invalid_client',
    401,
    'Number of audience values in the provided client credential exceed maximum allowed. {count} audience values provided, maximum allowed is 1.',
  ),
  clientAssertionUnknownKey: entry(
    700027,
    'invalid_client',
    401,
    "The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '{thumbprint}']",
  ),
  clientAssertionBadSignature: entry(
    700027,
    'invalid_client',
    401,
    'Client assertion failed signature validation.',
  ),
  clientAssertionTime: entry(
    700024,
    'invalid_client',
    401,
    'Client assertion is not within its valid time range. Current time: {now}, assertion valid from {nbf}, expiry time of assertion {exp}. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .',
  ),
  // Scopes and resources
  clientCredentialsNeedDefault: entry(
    1002012,
    'invalid_scope',
    400,
    'The provided value for scope {scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).',
  ),
  invalidScope: entry(
    70011,
    'invalid_scope',
    400,
    "The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope {scope} is not valid.",
  ),
  moreThanOneResource: entry(
    28000,
    'invalid_scope',
    400,
    'Provided value for the input parameter scope is not valid because it contains more than one resource. Scope {scope} is not valid.',
  ),
  unknownResource: entry(
    500011,
    'invalid_resource',
    400,
    'The resource principal named {resource} was not found in the tenant named {tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.',
  ),
  // Authorization codes, refresh tokens and PKCE at the token endpoint (docs/fidelity.md#token-endpoint,
  // docs/fidelity.md#pkce, docs/fidelity.md#refresh-tokens)
  codeAlreadyRedeemed: entry(
    54005,
    'invalid_grant',
    400,
    'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
  ),
  invalidGrant: entry(
    9002313,
    'invalid_grant',
    400,
    'Invalid request. Request is malformed or invalid. The provided {what} is not valid.',
  ),
  grantRevoked: entry(
    70000,
    'invalid_grant',
    400,
    "The provided value for the input parameter 'refresh_token' or 'assertion' is not valid. {reason}",
  ),
  grantClientMismatch: entry(
    70000,
    'invalid_grant',
    400,
    'Provided grant is invalid or malformed. The {what} was issued to a different client.',
  ),
  grantExpired: entry(
    70008,
    'invalid_grant',
    400,
    'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.',
  ),
  codeForOtherTenant: entry(
    700005,
    'invalid_grant',
    400,
    'InvalidGrantRedeemAgainstWrongTenant - Provided Authorization Code is intended to use against other tenant, thus rejected.',
  ),
  // Observed: "AADSTS700009: Reply address must be provided when presenting an authorization code requested with an
  // explicit reply address." (github.com/MicrosoftDocs/azure-docs/issues/95297); the `error` value is not shown there
  // (docs/fidelity.md#redirect-uris).
  redirectUriMissingAtToken: entry(
    700009,
    'invalid_request',
    400,
    'Reply address must be provided when presenting an authorization code requested with an explicit reply address.',
  ),
  // Observed (v1 era): "AADSTS50011: The reply address '<sent>' does not match the reply address '<authorize>'
  // provided when requesting Authorization code." (github.com/PartnerCenterSamples/Reseller-Web-Application/issues/73);
  // Microsoft does not document the v2 form (docs/fidelity.md#errors).
  redirectUriMismatchAtToken: entry(
    50011,
    'invalid_grant',
    400,
    "The reply address '{redirectUri}' does not match the reply address '{expected}' provided when requesting Authorization code.",
  ),
  codeVerifierMismatch: entry(
    50148,
    'invalid_grant',
    400,
    'The code_verifier does not match the code_challenge supplied in the authorization request for PKCE.',
  ),
  codeVerifierMissing: entry(
    501481,
    'invalid_grant',
    400,
    'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
  ),
  spaRefreshTokenExpired: entry(
    700084,
    'invalid_grant',
    400,
    'The refresh token was issued to a single page app (SPA), and therefore has a fixed, limited lifetime of {lifetime}, which cannot be extended. It is now expired and a new sign in request must be sent by the SPA to the sign in page. The token was issued on {issued}.',
  ),
  consentRequired: {
    ...entry(
      65001,
      'invalid_grant',
      400,
      "The user or administrator has not consented to use the application with ID '{clientId}' named '{clientName}'. Send an interactive authorization request for this user and resource.",
    ),
    suberror: 'consent_required',
  },
  scopeEmptyForCode: entry(
    28003,
    'invalid_request',
    400,
    'Provided value for the input parameter scope cannot be empty when requesting an access token using the provided authorization code. Please specify a valid scope.',
  ),
  // On-behalf-of: the user assertion (docs/fidelity.md#on-behalf-of)
  malformedUserAssertion: entry(
    50027,
    'invalid_request',
    400,
    "JWT token is invalid or malformed. The 'assertion' parameter must be the user's access token, a JWT.",
  ),
  assertionSignature: entry(
    50013,
    'invalid_grant',
    400,
    "Assertion failed signature validation. [Reason - {reason}, Thumbprint of key used by client: '{thumbprint}']",
  ),
  assertionExpired: entry(
    500133,
    'invalid_grant',
    400,
    'Assertion is not within its valid time range. Ensure that the access token is not expired before using it for user assertion, or request a new token. Current time: {now}, expiry time of assertion {exp}.',
  ),
  assertionAudience: entry(
    500131,
    'invalid_grant',
    400,
    "Assertion audience does not match the Client app presenting the assertion. The audience in the assertion was '{audience}' and the expected audience is '{expected}' or one of the Application Uris of this application with App ID '{expected}'({appName}). The downstream client must request a token for the expected audience (the application that made the OBO request) and this application should use that token as the assertion.",
  ),
  idTokenAsAssertion: entry(
    240002,
    'invalid_grant',
    400,
    "Input id_token cannot be used as 'urn:ietf:params:oauth:grant-type:jwt-bearer' grant.",
  ),
  appOnlyAssertion: entry(
    70000,
    'invalid_grant',
    400,
    "Provided grant is invalid or malformed. The assertion is an app-only token (no 'scp'): the on-behalf-of flow needs a user's delegated access token.",
  ),
  unsupportedTokenUse: entry(
    9002313,
    'invalid_request',
    400,
    "Invalid request. Request is malformed or invalid. The parameter 'requested_token_use' must be 'on_behalf_of'.",
  ),
  // Resource owner password credentials (docs/fidelity.md#resource-owner-password)
  userNotFoundAtToken: entry(
    50034,
    'invalid_grant',
    400,
    "The user account {upn} does not exist in the '{tenant}' directory. To sign into this application, the account must be added to the directory.",
  ),
  // Single-page applications and Origin (docs/fidelity.md#single-page-apps-and-origin)
  pkceRequiredCrossOrigin: entry(
    9002325,
    'invalid_request',
    400,
    'Proof Key for Code Exchange is required for cross-origin authorization code redemption.',
  ),
  crossOriginOnlyForSpa: entry(
    9002326,
    'invalid_request',
    400,
    "Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type. Request origin: '{origin}'.",
  ),
  spaTokensNeedCrossOrigin: entry(
    9002327,
    'invalid_request',
    400,
    "Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests.",
  ),
  // Authorize endpoint: shown on the page, nothing redirected (docs/fidelity.md#redirect-uris)
  redirectUriMismatch: entry(
    50011,
    'invalid_request',
    400,
    "The redirect URI '{uri}' specified in the request does not match the redirect URIs configured for the application '{clientId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal. Navigate to https://aka.ms/redirectUriMismatchError to learn more about how to fix this.",
  ),
  noReplyAddressRegistered: entry(
    500113,
    'invalid_request',
    400,
    'No reply address is registered for the application.',
  ),
  noReplyAddressProvided: entry(900971, 'invalid_request', 400, 'No reply address provided.'),
  notMultiTenant: entry(
    50194,
    'invalid_request',
    400,
    "Application '{clientId}'({appName}) is not configured as a multi-tenant application. Usage of the /common endpoint is not supported for such applications created after '10/15/2018'. Use a tenant-specific endpoint or configure the application to be multi-tenant.",
  ),
  signInFormExpired: entry(
    9002313,
    'invalid_request',
    400,
    'Invalid request. The sign-in form expired or was not sent from this sign-in page. Start the sign-in again from the application.',
  ),
  // Authorize endpoint: redirected to the app in its response mode (docs/fidelity.md#errors)
  invalidParameterValue: entry(
    9002313,
    'invalid_request',
    400,
    "Invalid request. Request is malformed or invalid. The value of the parameter '{name}' is not valid.",
  ),
  unsupportedResponseType: entry(
    70005,
    'unsupported_response_type',
    400,
    "The provided value for the input parameter 'response_type' is not allowed for this request. Expected one of 'code', 'id_token', 'code id_token', 'token', 'id_token token'.",
  ),
  idTokenNeedsOpenId: entry(
    70005,
    'invalid_request',
    400,
    "response_type 'id_token' requires the 'OpenID' scope.",
  ),
  unsupportedResponseMode: entry(
    70007,
    'invalid_request',
    400,
    "UnsupportedResponseMode - The app returned an unsupported value of response_mode when requesting a token. The response_mode '{mode}' is not supported for response_type '{responseType}'.",
  ),
  idTokenNotEnabled: entry(
    700054,
    'unsupported_response_type',
    400,
    "response_type 'id_token' is not enabled for the application.",
  ),
  tokenNotEnabled: entry(
    700051,
    'unsupported_response_type',
    400,
    "response_type 'token' is not enabled for the application.",
  ),
  codeChallengeMissing: entry(
    50147,
    'invalid_request',
    400,
    "MissingCodeChallenge - The size of the code challenge parameter isn't valid. A 'code_challenge_method' was sent without a 'code_challenge'.",
  ),
  codeChallengeInvalidSize: entry(
    501491,
    'invalid_request',
    400,
    'InvalidCodeChallengeMethodInvalidSize - Invalid size of Code_Challenge parameter.',
  ),
  codeChallengeMethodInvalid: entry(
    50149,
    'invalid_request',
    400,
    'Invalid Code_Challenge_method parameter.',
  ),
  loginRequired: entry(
    50058,
    'login_required',
    400,
    'A silent sign-in request was sent but no user is signed in.',
  ),
  selectAccountRequired: entry(
    16000,
    'interaction_required',
    400,
    'SelectUserAccount - Several accounts are signed in and the request does not say which one to use. Send an interactive request, or a login_hint.',
  ),
  consentRequiredAtAuthorize: entry(
    65001,
    'consent_required',
    400,
    "The user or administrator has not consented to use the application with ID '{clientId}' named '{appName}'. Send an interactive authorization request for this user and resource.",
  ),
  adminConsentRequired: entry(
    90094,
    'invalid_grant',
    400,
    "The grant requires admin permission. '{appName}' asks for permissions only an administrator can grant ({scopes}): add an oauth2PermissionGrants entry with consentType AllPrincipals to the tenant file.",
  ),
  consentDeclined: entry(65004, 'access_denied', 400, 'User declined to consent to access the app.'),
  // docs/fidelity.md#admin-consent: shown on the page, nothing redirected.
  adminConsentByNonAdmin: entry(
    90094,
    'invalid_grant',
    400,
    "The grant requires admin permission. '{upn}' holds no directory role that may grant tenant-wide consent to '{appName}': give the user directoryRoles: [Global Administrator] (or Privileged Role Administrator, Cloud Application Administrator, Application Administrator) in the tenant file.",
  ),
  // Device code flow (docs/fidelity.md#device-code)
  deviceAuthorizationPending: entry(
    70016,
    'authorization_pending',
    400,
    'OAuth 2.0 device flow error. Authorization is pending. Continue polling.',
  ),
  deviceAuthorizationDeclined: entry(
    65004,
    'authorization_declined',
    400,
    'User declined to consent to access the app.',
  ),
  deviceCodeExpired: entry(
    70020,
    'expired_token',
    400,
    "The provided value for the input parameter 'device_code' is not valid. This device code has expired.",
  ),
  deviceCodeUnknown: entry(
    70018,
    'bad_verification_code',
    400,
    "BadVerificationCode - The provided value for the input parameter 'device_code' was not recognized.",
  ),
  deviceCodeRedeemed: entry(
    54005,
    'invalid_grant',
    400,
    'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
  ),
  userCodeUnknown: entry(
    70018,
    'bad_verification_code',
    400,
    "BadVerificationCode - That code didn't work. Check the code and try again.",
  ),
  userCodeExpired: entry(
    70019,
    'expired_token',
    400,
    'CodeExpired - Verification code expired. Start the sign-in on your device again for a new code.',
  ),
  userCodeUsed: entry(
    70019,
    'expired_token',
    400,
    'CodeExpired - This code was already used. Start the sign-in on your device again for a new code.',
  ),
  // Sign-in page (docs/fidelity.md#errors)
  userNotFound: entry(
    50034,
    'invalid_request',
    400,
    "The user account {upn} does not exist in the '{tenant}' directory. To sign into this application, the account must be added to the directory.",
  ),
  invalidPassword: entry(
    50126,
    'invalid_grant',
    400,
    'Error validating credentials due to invalid username or password.',
  ),
  accountLocked: entry(
    50053,
    'invalid_grant',
    400,
    'Your account is locked because you tried to sign in too many times with an incorrect user ID or password. Try again later.',
  ),
  accountDisabled: entry(50057, 'invalid_grant', 400, 'The user account is disabled.'),
  // More password checks waiting than this server takes on at once: Entra throttles with 429 and Retry-After
  // (docs/fidelity.md#sign-in); code and text are Entra's TenantThrottlingError.
  passwordChecksThrottled: {
    ...entry(90055, 'temporarily_unavailable', 429, 'There are too many incoming requests. Try again later.'),
    retryAfter: 5,
  },
  // A user of another tenant at a tenant-specific authority (docs/fidelity.md#several-tenants).
  userNotInTenant: entry(
    50020,
    'access_denied',
    400,
    "User account '{email}' from identity provider '{idp}' does not exist in tenant '{tenant}' and cannot access the application '{appId}'({appName}) in that tenant. The account needs to be added as an external user in the tenant first. Sign out and sign in again with a different Microsoft Entra user account.",
  ),
  // App role assignment required (docs/fidelity.md#app-roles-for-users): a page when interactive,
  // interaction_required back to the app with prompt=none.
  userNotAssigned: entry(
    50105,
    'access_denied',
    400,
    "Your administrator has configured the application {appName} ('{appId}') to block users unless they are specifically granted ('assigned') access to the application. The signed in user '{upn}' is blocked because they are not a direct member of a group with access, nor had access directly assigned by an administrator. Please contact your administrator to assign access to this application.",
  ),
  userNotAssignedSilent: entry(
    50105,
    'interaction_required',
    400,
    "Your administrator has configured the application {appName} ('{appId}') to block users unless they are specifically granted ('assigned') access to the application. The signed in user '{upn}' is blocked because they are not a direct member of a group with access, nor had access directly assigned by an administrator. Please contact your administrator to assign access to this application.",
  ),
  // Unexpected
  serverError: entry(
    90100,
    'server_error',
    500,
    'An unexpected error occurred while processing the request. The details are in the server log under this correlation id.',
  ),
} satisfies Record<string, CatalogueEntry>;

/** A catalogue key. */
export type ErrorKey = keyof typeof catalogue;

/** Fills `{name}` placeholders from params; unknown placeholders stay as written. */
export function formatMessage(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    params[name] === undefined ? whole : String(params[name]),
  );
}

/** Looks an entry up by its AADSTS number (first match), for the `/error?code=` page. */
export function entryByCode(code: number): (CatalogueEntry & { key: string }) | undefined {
  for (const [key, value] of Object.entries(catalogue)) {
    if (value.code === code) return { key, ...value };
  }
  return undefined;
}
