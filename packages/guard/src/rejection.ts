/**
 * Rejections: every reason the guard refuses a request, with a stable code, the HTTP status it maps
 * to, a message safe to send to the caller and a detail for logs.
 */

/** Stable diagnosis codes. They never change meaning; new ones may be added. */
export type RejectionCode =
  | 'MISSING_TOKEN'
  | 'TOKEN_TOO_LARGE'
  | 'MALFORMED_TOKEN'
  | 'ALG_NOT_ALLOWED'
  | 'UNTRUSTED_KEY_HEADER'
  | 'UNSUPPORTED_CRIT'
  | 'INVALID_TIME_CLAIM'
  | 'MICROSOFT_API_TOKEN'
  | 'ID_TOKEN'
  | 'TENANT_NOT_ALLOWED'
  | 'ISSUER_VERSION_MISMATCH'
  | 'ISSUER_TENANT_MISMATCH'
  | 'ISSUER_INVALID'
  | 'AUDIENCE_MISMATCH'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_NOT_YET_VALID'
  | 'CLIENT_APP_NOT_ALLOWED'
  | 'NO_SCOPE_OR_ROLE'
  | 'UNKNOWN_KID'
  | 'BAD_SIGNATURE'
  | 'KEY_ISSUER_MISMATCH'
  | 'KEYS_UNAVAILABLE'
  | 'INSUFFICIENT_SCOPE';

/** The RFC 6750 error code a rejection is reported with (`undefined`: no error attribute). */
export type BearerError = 'invalid_token' | 'insufficient_scope' | undefined;

/** Why a token was refused. */
export interface Rejection {
  /** Stable code, e.g. `ID_TOKEN`. */
  readonly code: RejectionCode;
  /** HTTP status: 401, 403 or 503. */
  readonly status: 401 | 403 | 503;
  /** RFC 6750 `error` attribute. */
  readonly error: BearerError;
  /** Plain explanation, safe for the `error_description` (names no claim values except what it needs). */
  readonly message: string;
  /** Longer explanation for logs and `doctor`; may quote claim values (never the whole token). */
  readonly detail: string;
  /** How to fix it, when there is a usual fix. */
  readonly fix?: string;
  /** For `INSUFFICIENT_SCOPE`: the scopes or roles that would have been accepted. */
  readonly requiredScopes?: readonly string[];
}

const STATUS: Partial<Record<RejectionCode, 403 | 503>> = {
  INSUFFICIENT_SCOPE: 403,
  KEYS_UNAVAILABLE: 503,
};

/** Builds a {@link Rejection}; status and RFC 6750 error follow from the code. */
export function reject(
  code: RejectionCode,
  message: string,
  more: { detail?: string; fix?: string; requiredScopes?: readonly string[] } = {},
): Rejection {
  const status = STATUS[code] ?? 401;
  const error: BearerError =
    code === 'MISSING_TOKEN' || status === 503
      ? undefined
      : status === 403
        ? 'insufficient_scope'
        : 'invalid_token';
  return {
    code,
    status,
    error,
    message,
    detail: more.detail ?? message,
    ...(more.fix ? { fix: more.fix } : {}),
    ...(more.requiredScopes ? { requiredScopes: more.requiredScopes } : {}),
  };
}

/** Thrown at set-up time when the guard's options cannot work (never for a bad token). */
export class GuardConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GuardConfigError';
  }
}
