import type { Context } from 'hono';
import { decodeJwt, decodeProtectedHeader } from 'jose';

/**
 * One request to a sign-in endpoint, as the console's sign-in log shows it. It never holds a secret, an
 * authorization code or a token: an issued access token appears as its decoded header and claims only.
 */
export interface SignInEvent {
  /** Unix ms when the answer was sent. */
  at: number;
  /** `authorize`, `token`, or another sign-in endpoint. */
  endpoint: string;
  method: string;
  /** The tenant path segment the client used (a GUID, a domain, `organizations`, …). */
  tenant?: string;
  clientId?: string;
  /** The app's display name, when the client id names an app of the tenant. */
  app?: string;
  /** The grant type (token) or response type (authorize). */
  flow?: string;
  scope?: string;
  redirectUri?: string;
  /** The signed-in user's UPN, when known. */
  user?: string;
  outcome: 'success' | 'failure';
  status: number;
  /** The AADSTS number and the OAuth `error` of a failure. */
  code?: number;
  error?: string;
  description?: string;
  /** The correlation id MSAL logs (its `client-request-id`), and Entra's trace id. */
  correlationId?: string;
  traceId?: string;
  /** Internal: the answer went to the client's redirect URI (the authorize flow ended). Not stored. */
  delivered?: boolean;
  /** The issued access token, decoded; its signature is not kept. */
  accessToken?: { header: Record<string, unknown>; claims: Record<string, unknown> };
}

const KEY = 'signInEvent';

/** The event being built for this request, if the request is one the log records. */
export function currentEvent(c: Context): Partial<SignInEvent> | undefined {
  return c.get(KEY as never) as Partial<SignInEvent> | undefined;
}

/** Starts recording this request. */
export function beginEvent(c: Context, fields: Partial<SignInEvent>): void {
  c.set(KEY as never, fields as never);
}

/** Adds what a step learned (client, flow, user, error) to this request's event, if it is recorded. */
export function noteEvent(c: Context, fields: Partial<SignInEvent>): void {
  const event = currentEvent(c);
  if (event) Object.assign(event, fields);
}

/**
 * Adds the access token a token request is answered with, decoded (header and claims; the signature is not kept),
 * and the user it names when no step named one. Noted by the token endpoint before it answers, so that the log
 * never has to read the answer back (cloning a response turns Hono's string body into a stream, per request).
 */
export function noteIssuedToken(c: Context, accessToken: string): void {
  const event = currentEvent(c);
  if (!event) return;
  try {
    const claims = decodeJwt(accessToken) as Record<string, unknown>;
    const header = decodeProtectedHeader(accessToken) as Record<string, unknown>;
    const user =
      typeof claims.preferred_username === 'string'
        ? claims.preferred_username
        : typeof claims.upn === 'string'
          ? claims.upn
          : undefined;
    Object.assign(event, { accessToken: { header, claims }, ...(event.user || !user ? {} : { user }) });
  } catch {
    // not a JWT: nothing to show
  }
}
