import { z } from 'zod';

/**
 * The tenant file's schema. `applications` entries are Microsoft Graph `application` objects as the Entra
 * manifest editor exports them: fields localtenant does not use are accepted and ignored, so a real
 * exported manifest loads. Every message says how to fix the value.
 */
const guid = (what: string) =>
  z
    .string({ error: `${what} must be a GUID string such as "6e3f2a4c-8b1d-4c7e-9f0a-2b3c4d5e6f70"` })
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, {
      error: `${what} must be a GUID such as "6e3f2a4c-8b1d-4c7e-9f0a-2b3c4d5e6f70" (8-4-4-4-12 hexadecimal digits)`,
    });

const uriList = (what: string) =>
  z
    .array(z.string().url({ error: `each ${what} must be an absolute URI such as "http://localhost:3000"` }))
    .default([]);

const permissionScope = z.object({
  id: guid('the scope id'),
  value: z.string().min(1, { error: 'the scope value (its name, e.g. "access_as_user") must not be empty' }),
  type: z
    .enum(['User', 'Admin'], { error: 'type must be "User" (users may consent) or "Admin"' })
    .default('User'),
  isEnabled: z.boolean().default(true),
  adminConsentDisplayName: z.string().nullish(),
  adminConsentDescription: z.string().nullish(),
  userConsentDisplayName: z.string().nullish(),
  userConsentDescription: z.string().nullish(),
});

const appRole = z.object({
  id: guid('the app role id'),
  value: z.string().min(1, { error: 'the app role value (e.g. "Data.Read.All") must not be empty' }),
  displayName: z.string().nullish(),
  description: z.string().nullish(),
  allowedMemberTypes: z
    .array(
      z.enum(['User', 'Application'], { error: 'allowedMemberTypes entries are "User" or "Application"' }),
    )
    .min(1, { error: 'allowedMemberTypes needs "User", "Application" or both' }),
  isEnabled: z.boolean().default(true),
});

const passwordCredential = z.object({
  keyId: guid('passwordCredentials[].keyId').nullish(),
  displayName: z.string().nullish(),
  secretText: z
    .string()
    .min(1, { error: 'secretText must not be empty: put the client secret value here' })
    .nullish(),
  startDateTime: z.string().nullish(),
  endDateTime: z.string().nullish(),
});

const keyCredential = z.object({
  keyId: guid('keyCredentials[].keyId').nullish(),
  displayName: z.string().nullish(),
  type: z.string().default('AsymmetricX509Cert'),
  usage: z.string().default('Verify'),
  /** Base64 DER of the certificate, or a PEM certificate. */
  key: z.string().nullish(),
  startDateTime: z.string().nullish(),
  endDateTime: z.string().nullish(),
});

/**
 * A federated identity credential (Microsoft Graph `federatedIdentityCredential`): an external issuer's token
 * with this exact `iss`, `sub` and one of `audiences` authenticates the app (docs/fidelity.md#workload-identity-federation).
 */
const federatedIdentityCredential = z.object({
  name: z.string().regex(/^[A-Za-z0-9_-]{3,120}$/, {
    error: 'federatedIdentityCredentials[].name is 3 to 120 letters, digits, "-" or "_" (e.g. "github-main")',
  }),
  issuer: z.string().url({
    error:
      'federatedIdentityCredentials[].issuer is the external issuer URL, e.g. "https://token.actions.githubusercontent.com"',
  }),
  subject: z
    .string()
    .min(1, { error: 'federatedIdentityCredentials[].subject is the exact "sub" of the external token' })
    .max(600),
  audiences: z
    .array(z.string().min(1))
    .length(1, {
      error:
        'federatedIdentityCredentials[].audiences holds exactly one value: ["api://AzureADTokenExchange"]',
    })
    .default(['api://AzureADTokenExchange']),
  description: z.string().nullish(),
});

/** One entry of `optionalClaims.idToken` / `accessToken` (Graph `optionalClaim`). */
const optionalClaim = z.object({
  name: z.string().min(1, { error: 'the optional claim name (e.g. "upn") must not be empty' }),
  source: z.string().nullish(),
  essential: z.boolean().default(false),
  additionalProperties: z.array(z.string()).default([]),
});

/** One application registration (Microsoft Graph application object). */
export const applicationSchema = z.object({
  appId: guid('appId'),
  id: guid('id (the application object id)').nullish(),
  displayName: z
    .string()
    .min(1, { error: 'displayName is required: the name shown on sign-in and consent pages' }),
  signInAudience: z
    .enum(
      [
        'AzureADMyOrg',
        'AzureADMultipleOrgs',
        'AzureADandPersonalMicrosoftAccount',
        'PersonalMicrosoftAccount',
      ],
      {
        error:
          'signInAudience must be one of AzureADMyOrg, AzureADMultipleOrgs, AzureADandPersonalMicrosoftAccount, PersonalMicrosoftAccount',
      },
    )
    .default('AzureADMyOrg'),
  identifierUris: z.array(z.string().min(1)).default([]),
  api: z
    .object({
      requestedAccessTokenVersion: z
        .union([z.literal(1), z.literal(2), z.null()], {
          error: 'requestedAccessTokenVersion must be 2 (v2.0 tokens), 1 or null (v1.0 tokens)',
        })
        .default(null),
      oauth2PermissionScopes: z.array(permissionScope).default([]),
    })
    .default({ requestedAccessTokenVersion: null, oauth2PermissionScopes: [] }),
  appRoles: z.array(appRole).default([]),
  spa: z.object({ redirectUris: uriList('spa redirect URI') }).default({ redirectUris: [] }),
  web: z
    .object({
      redirectUris: uriList('web redirect URI'),
      logoutUrl: z.string().nullish(),
      implicitGrantSettings: z
        .object({
          enableIdTokenIssuance: z.boolean().default(false),
          enableAccessTokenIssuance: z.boolean().default(false),
        })
        .default({ enableIdTokenIssuance: false, enableAccessTokenIssuance: false }),
    })
    .default({
      redirectUris: [],
      implicitGrantSettings: { enableIdTokenIssuance: false, enableAccessTokenIssuance: false },
    }),
  publicClient: z
    .object({ redirectUris: z.array(z.string().min(1)).default([]) })
    .default({ redirectUris: [] }),
  isFallbackPublicClient: z.boolean().nullish(),
  passwordCredentials: z.array(passwordCredential).default([]),
  federatedIdentityCredentials: z.array(federatedIdentityCredential).max(20).default([]),
  keyCredentials: z.array(keyCredential).default([]),
  /** Which groups the `groups` claim carries (docs/fidelity.md#groups); null or "None": no groups claim. */
  groupMembershipClaims: z
    .enum(['None', 'SecurityGroup', 'DirectoryRole', 'ApplicationGroup', 'All'], {
      error: 'groupMembershipClaims is one of None, SecurityGroup, DirectoryRole, ApplicationGroup, All',
    })
    .nullish(),
  /** The manifest's optional claims (docs/fidelity.md#optional-claims); saml2Token is accepted and ignored. */
  optionalClaims: z
    .object({
      idToken: z.array(optionalClaim).default([]),
      accessToken: z.array(optionalClaim).default([]),
      saml2Token: z.array(optionalClaim).default([]),
    })
    .nullish(),
  /**
   * The service principal's "Assignment required?" (Graph `servicePrincipal.appRoleAssignmentRequired`): users
   * without an app role assignment (directly or through a group) cannot sign in, AADSTS50105.
   */
  appRoleAssignmentRequired: z.boolean().default(false),
  requiredResourceAccess: z
    .array(
      z.object({
        resourceAppId: z.string().min(1),
        resourceAccess: z.array(z.object({ id: z.string(), type: z.enum(['Scope', 'Role']) })).default([]),
      }),
    )
    .default([]),
});

/** One user of the tenant. */
export const userSchema = z
  .object({
    id: guid('the user id (object id)'),
    userPrincipalName: z.string().regex(/^[^@\s]+@[^@\s]+$/, {
      error: 'userPrincipalName must look like "name@contoso.onmicrosoft.com"',
    }),
    displayName: z.string().min(1, { error: 'displayName is required (shown in tokens as "name")' }),
    givenName: z.string().nullish(),
    surname: z.string().nullish(),
    mail: z.string().nullish(),
    /** Further email addresses (Graph's `otherMails`); `verified_secondary_email` is made of them. */
    otherMails: z.array(z.string()).default([]),
    jobTitle: z.string().nullish(),
    department: z.string().nullish(),
    /** Free text in Graph; a two-letter code here becomes the `ctry` optional claim (docs/fidelity.md#optional-claims). */
    country: z.string().nullish(),
    /** Two-letter country code (Graph's `usageLocation`); `ctry` falls back to it. */
    usageLocation: z
      .string()
      .regex(/^[A-Z]{2}$/, { error: 'usageLocation is a two-letter country code such as "US" or "FR"' })
      .nullish(),
    /** A language tag such as "en-US": the `xms_pl` optional claim. */
    preferredLanguage: z.string().nullish(),
    /** `Guest` for users invited from elsewhere (the `acct` optional claim is 1 for them). */
    userType: z.enum(['Member', 'Guest'], { error: 'userType is "Member" or "Guest"' }).default('Member'),
    /**
     * A guest: the userPrincipalName of the user in another tenant of this server who was invited. The guest signs
     * in with that user's password; tokens carry this tenant's `tid` and `idp` of the home tenant
     * (docs/fidelity.md#guests).
     */
    invitedFrom: z.string().nullish(),
    password: z
      .string()
      .min(1, { error: 'password is required: the user signs in with it on the sign-in page' })
      .optional(),
    /** A disabled user cannot sign in (AADSTS50057) and their refresh tokens stop working. */
    accountEnabled: z.boolean().default(true),
    /**
     * Microsoft Entra directory roles the user holds, by display name or role template id (e.g. "Global
     * Administrator"): the roles that may grant tenant-wide admin consent are listed in docs/fidelity.md#admin-consent.
     */
    directoryRoles: z
      .array(z.string().min(1, { error: 'a directory role is a name such as "Global Administrator"' }))
      .optional(),
  })
  .refine((u) => u.password !== undefined || !!u.invitedFrom, {
    error: 'password is required (only guests, with invitedFrom, sign in with their home password)',
    path: ['password'],
  });

/** A managed identity: its service principal gets app-only tokens from the managed identity endpoints. */
export const managedIdentitySchema = z.object({
  name: z.string().min(1, { error: 'managedIdentities[].name is required (e.g. "my-function-app")' }),
  clientId: guid('managedIdentities[].clientId'),
  principalId: guid('managedIdentities[].principalId (the service principal object id)').nullish(),
  type: z
    .enum(['SystemAssigned', 'UserAssigned'], {
      error: 'managedIdentities[].type is "SystemAssigned" (at most one) or "UserAssigned"',
    })
    .default('UserAssigned'),
});

/**
 * One group (a Microsoft Graph `group`). `members` name users (userPrincipalName or id), applications (appId:
 * their service principal) and other groups (id), so groups nest (docs/fidelity.md#groups).
 */
export const groupSchema = z.object({
  id: guid('the group id (object id)'),
  displayName: z.string().min(1, { error: 'displayName is required: the name of the group' }),
  description: z.string().nullish(),
  securityEnabled: z.boolean().default(true),
  mailEnabled: z.boolean().default(false),
  members: z
    .array(z.string().min(1, { error: 'a member is a userPrincipalName, a user id, an appId or a group id' }))
    .default([]),
});

/** Token lifetimes and sign-in limits; the defaults are Entra's. */
export const settingsSchema = z
  .object({
    accessTokenLifetimeSeconds: z.number().int().min(1).max(86_400).default(3599),
    idTokenLifetimeSeconds: z.number().int().min(1).max(86_400).default(3600),
    authorizationCodeLifetimeSeconds: z.number().int().min(1).max(3600).default(600),
    refreshTokenLifetimeSeconds: z
      .number()
      .int()
      .min(1)
      .default(90 * 86_400),
    spaRefreshTokenLifetimeSeconds: z.number().int().min(1).default(86_400),
    lockoutThreshold: z.number().int().min(1).default(10),
    lockoutSeconds: z.number().int().min(1).default(60),
    /** Device code lifetime (`expires_in`, Entra's default 900 s) and polling `interval` (Entra's 5 s). */
    deviceCodeLifetimeSeconds: z.number().int().min(1).max(3600).default(900),
    deviceCodeIntervalSeconds: z.number().int().min(1).max(60).default(5),
    /** `entra`: Entra's own issuer strings; `local`: this server's URL (docs/fidelity.md#issuer-mode). */
    issuerMode: z
      .enum(['entra', 'local'], {
        error: 'issuerMode is "entra" (Entra\'s issuer strings, the default) or "local" (this server\'s URL)',
      })
      .default('entra'),
    /**
     * `entra`: a rotated refresh token stays valid until its own expiry; `strict`: presenting a rotated one
     * again revokes its whole family (docs/fidelity.md#refresh-tokens-and-code-replay).
     */
    refreshTokenReuse: z
      .enum(['entra', 'strict'], {
        error:
          'refreshTokenReuse is "entra" (old tokens stay valid, the default) or "strict" (reuse revokes the family)',
      })
      .default('entra'),
    /**
     * `entra`: a second redemption of a code is refused (AADSTS54005) and the first one's tokens stay valid;
     * `strict`: it also revokes them, as RFC 6749 §4.1.2 recommends (docs/fidelity.md#refresh-tokens-and-code-replay).
     */
    authorizationCodeReuse: z
      .enum(['entra', 'strict'], {
        error:
          'authorizationCodeReuse is "entra" (refuse the replay, the default) or "strict" (also revoke the first tokens)',
      })
      .default('entra'),
  })
  .strict();

/** The whole tenant file. */
export const tenantFileSchema = z
  .object({
    tenant: z.object({
      id: guid('tenant.id'),
      domain: z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i, {
        error: 'tenant.domain must be a DNS name such as contoso.onmicrosoft.com',
      }),
      displayName: z.string().default('localtenant'),
      /** Two-letter country code of the tenant (Graph `organization.countryLetterCode`): `tenant_ctry`. */
      countryLetterCode: z.string().nullish(),
      /** The tenant's preferred language, e.g. "en-US" (Graph `organization.preferredLanguage`): `xms_tpl`. */
      preferredLanguage: z.string().nullish(),
    }),
    settings: settingsSchema.default(settingsSchema.parse({})),
    users: z.array(userSchema).default([]),
    groups: z.array(groupSchema).default([]),
    applications: z.array(applicationSchema).default([]),
    managedIdentities: z
      .array(managedIdentitySchema)
      .refine((l) => l.filter((m) => m.type === 'SystemAssigned').length <= 1, {
        error: 'managedIdentities may hold at most one SystemAssigned identity',
      })
      .default([]),
    appRoleAssignments: z
      .array(
        z.object({
          principal: z.string().min(1, {
            error:
              "principal is an appId, a managed identity's name, a user's userPrincipalName or id, or a group's id",
          }),
          resource: z.string().min(1, { error: 'resource is the appId of the API that defines the role' }),
          appRole: z.string().min(1, { error: 'appRole is the role value (e.g. "Data.Read.All") or its id' }),
        }),
      )
      .default([]),
    oauth2PermissionGrants: z
      .array(
        z.object({
          clientId: z.string().min(1),
          resource: z.string().min(1),
          scope: z
            .string()
            .min(1, { error: 'scope is a space-separated list of scope values, e.g. "access_as_user"' }),
          consentType: z
            .enum(['AllPrincipals', 'Principal'], { error: 'consentType is "AllPrincipals" or "Principal"' })
            .default('AllPrincipals'),
          principal: z.string().nullish(),
        }),
      )
      .default([]),
  })
  .strict();

/** The validated tenant file. */
export type TenantFile = z.infer<typeof tenantFileSchema>;
/** The input shape (before defaults), for users building a tenant in code. */
export type TenantFileInput = z.input<typeof tenantFileSchema>;
/** A validated application registration. */
export type Application = z.infer<typeof applicationSchema>;
/** A validated user. */
export type TenantUser = z.infer<typeof userSchema>;
/** A validated managed identity. */
export type ManagedIdentity = z.infer<typeof managedIdentitySchema>;
/** A validated group. */
export type TenantGroup = z.infer<typeof groupSchema>;
/** Validated settings. */
export type TenantSettings = z.infer<typeof settingsSchema>;
