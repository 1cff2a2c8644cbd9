/**
 * RFC 6750 responses, framework-neutral: the adapters only copy status, headers and body.
 * §3: no `error` attribute when no token was sent; `invalid_token` → 401; `insufficient_scope` → 403
 * with `scope`; `error_description` limited to %x20-21 / %x23-5B / %x5D-7E.
 */
import { randomUUID } from 'node:crypto';
import type { Rejection } from './rejection.ts';

/** What an adapter sends back for a rejection. */
export interface ErrorResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: {
    error?: string;
    error_description: string;
    code: string;
    fix?: string;
    correlation_id: string;
  };
}

/** Makes a string legal inside an RFC 6750 quoted attribute (drops `"`, `\` and non-ASCII). */
export function quoteSafe(text: string): string {
  return text
    .replace(/[’‘]/g, "'")
    .replace(/["\\]/g, "'")
    .replace(/[^\x20-\x7e]/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** Builds the `WWW-Authenticate` value for a rejection. */
export function challenge(rejection: Rejection, realm?: string): string {
  const attrs: string[] = [];
  if (realm) attrs.push(`realm="${quoteSafe(realm)}"`);
  if (rejection.error) {
    attrs.push(`error="${rejection.error}"`);
    attrs.push(`error_description="${quoteSafe(rejection.message)}"`);
  }
  if (rejection.error === 'insufficient_scope' && rejection.requiredScopes?.length) {
    attrs.push(`scope="${quoteSafe(rejection.requiredScopes.join(' '))}"`);
  }
  return attrs.length > 0 ? `Bearer ${attrs.join(', ')}` : 'Bearer';
}

/** Options shared by the HTTP adapters. */
export interface ResponseOptions {
  /** Optional `realm` in the challenge. */
  realm?: string;
  /** Called for every rejection, with a correlation id, for logging (the detail may quote claims). */
  onRejected?: (rejection: Rejection, correlationId: string) => void;
}

/** The full HTTP response for a rejection (401, 403 or 503). */
export function errorResponse(rejection: Rejection, options: ResponseOptions = {}): ErrorResponse {
  const correlationId = randomUUID();
  options.onRejected?.(rejection, correlationId);
  const headers: Record<string, string> = { 'cache-control': 'no-store' };
  if (rejection.status === 503) headers['retry-after'] = '5';
  else headers['www-authenticate'] = challenge(rejection, options.realm);
  return {
    status: rejection.status,
    headers,
    body: {
      ...(rejection.error ? { error: rejection.error } : {}),
      error_description: rejection.message,
      code: rejection.code,
      ...(rejection.fix ? { fix: rejection.fix } : {}),
      correlation_id: correlationId,
    },
  };
}
