import { randomUUID } from 'node:crypto';
import type { EntraError } from './entra-error.ts';

/** Per-request ids Entra puts in every error: trace id (ours) and correlation id (the client's, if sent). */
export interface RequestIds {
  traceId: string;
  correlationId: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Request ids: the correlation id echoes MSAL's `client-request-id` when it is a GUID
 * (docs/fidelity.md#errors: "The Correlation ID equals the request's client-request-id").
 */
export function requestIds(clientRequestId: string | null | undefined): RequestIds {
  return {
    traceId: randomUUID(),
    correlationId:
      clientRequestId && GUID.test(clientRequestId) ? clientRequestId.toLowerCase() : randomUUID(),
  };
}

/** Entra's timestamp form: `YYYY-MM-DD HH:MM:SSZ` (docs/fidelity.md#errors). */
export function entraTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

/** The JSON error body, keys in Entra's order (docs/fidelity.md#errors). */
export interface EntraErrorBody {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
  suberror?: string;
}

/**
 * Renders an error as Entra's JSON body:
 * `error_description` = `AADSTS<n>: <message>\r\nTrace ID: …\r\nCorrelation ID: …\r\nTimestamp: …`.
 */
export function errorBody(err: EntraError, ids: RequestIds, baseUrl: string, now: Date): EntraErrorBody {
  const timestamp = entraTimestamp(now);
  return {
    error: err.error,
    error_description: `AADSTS${err.code}: ${err.description}\r\nTrace ID: ${ids.traceId}\r\nCorrelation ID: ${ids.correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [err.code],
    timestamp,
    trace_id: ids.traceId,
    correlation_id: ids.correlationId,
    error_uri: `${baseUrl}/error?code=${err.code}`,
    ...(err.entry.suberror ? { suberror: err.entry.suberror } : {}),
  };
}
