/** Token-signing keys. Times are Unix milliseconds. */
export interface SigningKeyTable {
  kid: string;
  private_key_pem: string;
  cert_pem: string;
  created_at: number;
  /** When a newer key took over signing; null for the current key. */
  retired_at: number | null;
  /** When the key leaves the JWKS (every token it signed has expired by then). */
  remove_after: number | null;
  /** 1 for the next key: published ahead of use, signs nothing until a rotation promotes it (migration 0003). */
  is_next: number;
}

/** Authorization codes, stored by hash only. */
export interface AuthorizationCodeTable {
  code_hash: string;
  client_id: string;
  user_id: string;
  redirect_uri: string;
  /** The platform of the matched redirect URI: spa, web or publicClient. */
  redirect_type: string;
  /** The grant: JSON of the scopes, resource, nonce and PKCE challenge (see codes.ts). */
  grant: string;
  session_id: string | null;
  family_id: string;
  created_at: number;
  expires_at: number;
  consumed_at: number | null;
}

/** Refresh tokens, stored by hash only; a family is every token descended from one sign-in. */
export interface RefreshTokenTable {
  token_hash: string;
  family_id: string;
  client_id: string;
  user_id: string;
  redirect_type: string;
  grant: string;
  session_id: string | null;
  created_at: number;
  expires_at: number;
  consumed_at: number | null;
}

/** Revoked token families (a code redeemed twice, a rotated refresh token reused). */
export interface RevokedFamilyTable {
  family_id: string;
  revoked_at: number;
  reason: string;
}

/** SSO sessions behind the session cookie. */
export interface SessionTable {
  id: string;
  user_id: string;
  auth_time: number;
  created_at: number;
  expires_at: number;
  ended_at: number | null;
  /** SHA-256 (base64url) of the secret half of the SSO cookie (migration 0002). */
  secret_hash: string | null;
}

/** Consent a user (or an admin for all users: user_id '') gave a client for a resource's scopes. */
export interface ConsentTable {
  client_id: string;
  user_id: string;
  resource_app_id: string;
  /** Space-separated scope values. */
  scopes: string;
  updated_at: number;
}

/** Failed sign-ins per user, for the lockout (AADSTS50053). */
export interface SignInFailureTable {
  user_id: string;
  failures: number;
  locked_until: number | null;
  updated_at: number;
}

/** Directory objects written through Microsoft Graph at run time (migration 0004), applied over the tenant file. */
export interface DirectoryObjectTable {
  tenant_id: string;
  /** `user`, `application`, `group`, `appRoleAssignment` or `oauth2PermissionGrant`. */
  kind: string;
  /** The object id (lower case). */
  id: string;
  /** The object as JSON, secrets hashed. */
  body: string;
  /** 1 when the object was deleted (a tombstone over a tenant-file object). */
  deleted: number;
  updated_at: number;
}

/** Where a device authorization stands (migration 0005). */
export type DeviceCodeStatus = 'pending' | 'approved' | 'declined' | 'redeemed';

/** Device authorization grants (RFC 8628), device code and user code stored by hash only. */
export interface DeviceCodeTable {
  device_code_hash: string;
  user_code_hash: string;
  client_id: string;
  tenant_id: string;
  /** The `scope` words of the device authorization request, space-separated as the client wrote them. */
  scopes: string;
  status: DeviceCodeStatus;
  /** Set when the user approves on the device page. */
  user_id: string | null;
  /** The grant (JSON, as for codes), set on approval. */
  grant: string | null;
  session_id: string | null;
  family_id: string;
  created_at: number;
  expires_at: number;
  /** When the user approved or declined. */
  decided_at: number | null;
  consumed_at: number | null;
}

/** The console's sign-in log (migration 0006): one JSON event per request, newest kept. */
export interface SignInLogTable {
  /** A random id (several instances may write to one PostgreSQL). */
  id: string;
  /** When the request was answered, Unix ms. */
  at: number;
  /** The event as JSON; never a secret, a code or a token (src/sign-in-log/event.ts). */
  body: string;
}

/** The whole schema. */
export interface Database {
  signing_keys: SigningKeyTable;
  authorization_codes: AuthorizationCodeTable;
  refresh_tokens: RefreshTokenTable;
  revoked_families: RevokedFamilyTable;
  sessions: SessionTable;
  consents: ConsentTable;
  sign_in_failures: SignInFailureTable;
  device_codes: DeviceCodeTable;
  directory_objects: DirectoryObjectTable;
  sign_in_log: SignInLogTable;
}
