/**
 * Hono: `app.use(protect({ authority, audience }))`, then `requireScope(...)` etc. per route. The
 * verified token is `c.get('auth')` (type the app with {@link GuardEnv}).
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { authorize } from '../authorize.ts';
import type { VerifiedToken } from '../claims.ts';
import { errorResponse, type ResponseOptions } from '../http.ts';
import type { Requirement } from '../options.ts';
import { type Rejection, reject } from '../rejection.ts';
import { type GuardLike, roleRequirement, scopeRequirement, toGuard } from './shared.ts';

/** Hono environment with the verified token: `new Hono<GuardEnv>()`. */
export type GuardEnv = { Variables: { auth: VerifiedToken } };

/** Options of {@link protect}. */
export interface HonoProtectOptions extends ResponseOptions {
  /** A requirement every request must meet (any scope OR any role). */
  require?: Requirement;
}

function send(c: Context, rejection: Rejection, options: ResponseOptions): Response {
  const { status, headers, body } = errorResponse(rejection, options);
  return c.json(body, status as ContentfulStatusCode, headers);
}

/** Middleware validating the bearer token: sets `auth` or answers 401/403/503 per RFC 6750. */
export function protect(guard: GuardLike, options: HonoProtectOptions = {}): MiddlewareHandler<GuardEnv> {
  const g = toGuard(guard);
  return async (c, next) => {
    const result = await g.validateHeader(c.req.header('authorization'), options.require);
    if (!result.ok) return send(c, result.rejection, options);
    c.set('auth', result.token);
    await next();
  };
}

/** Middleware requiring any of the requirement's scopes or roles. */
export function requireScopeOrRole(
  requirement: Requirement,
  options: ResponseOptions = {},
): MiddlewareHandler<GuardEnv> {
  return async (c, next) => {
    const auth = c.get('auth') as VerifiedToken | undefined;
    const denied = auth ? authorize(auth, requirement) : reject('MISSING_TOKEN', 'No bearer token was sent.');
    if (denied) return send(c, denied, options);
    await next();
  };
}

/** Requires any of these delegated scopes (`scp`). */
export function requireScope(...scopes: string[]): MiddlewareHandler<GuardEnv> {
  return requireScopeOrRole(scopeRequirement(scopes));
}

/** Requires any of these app roles (`roles`). */
export function requireRole(...roles: string[]): MiddlewareHandler<GuardEnv> {
  return requireScopeOrRole(roleRequirement(roles));
}
