/**
 * @localtenant/guard: validate Microsoft Entra ID access tokens (from localtenant or the real Entra)
 * and explain every rejection. HTTP adapters: `@localtenant/guard/express`, `/fastify`, `/hono`.
 */
export { authorize } from './authorize.ts';
export type { EntraAccessTokenClaims, VerifiedToken } from './claims.ts';
export {
  type DiagnoseOptions,
  type DiagnosisCheck,
  type DiagnosisReport,
  diagnoseToken,
} from './doctor/diagnose.ts';
export { formatDiagnosis } from './doctor/format.ts';
export { bearerToken, createGuard, type Guard, type ValidationResult } from './guard.ts';
export { challenge, type ErrorResponse, errorResponse, type ResponseOptions } from './http.ts';
export { ENTRA_V1_ISSUER, ENTRA_V2_ISSUER } from './issuers.ts';
export type { AcceptedVersions, GuardOptions, Requirement } from './options.ts';
export {
  type BearerError,
  GuardConfigError,
  type Rejection,
  type RejectionCode,
} from './rejection.ts';
