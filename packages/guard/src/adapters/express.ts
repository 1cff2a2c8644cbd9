/**
 * Express middleware: `app.use(protect({ authority, audience }))`, then `requireScope(...)`,
 * `requireRole(...)` or `requireScopeOrRole(...)` per route. The verified token is `req.auth`.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { authorize } from '../authorize.ts';
import type { VerifiedToken } from '../claims.ts';
import { errorResponse, type ResponseOptions } from '../http.ts';
import type { Requirement } from '../options.ts';
import { type Rejection, reject } from '../rejection.ts';
import { type GuardLike, roleRequirement, scopeRequirement, toGuard } from './shared.ts';

declare global {
  namespace Express {
    interface Request {
      /** The verified access token, set by `protect()`. */
      auth?: VerifiedToken;
    }
  }
}

/** Options of the Express middleware. */
export interface ExpressProtectOptions extends ResponseOptions {
  /** A requirement every request must meet (any scope OR any role). */
  require?: Requirement;
}

function send(res: Response, rejection: Rejection, options: ResponseOptions): void {
  const { status, headers, body } = errorResponse(rejection, options);
  res.status(status).set(headers).json(body);
}

/** Middleware validating the bearer token; sets `req.auth` or answers 401/403/503 per RFC 6750. */
export function protect(guard: GuardLike, options: ExpressProtectOptions = {}): RequestHandler {
  const g = toGuard(guard);
  return (req: Request, res: Response, next: NextFunction): void => {
    g.validateHeader(req.headers.authorization, options.require).then(
      (result) => {
        if (result.ok) {
          req.auth = result.token;
          next();
        } else send(res, result.rejection, options);
      },
      (error: unknown) => next(error),
    );
  };
}

/** Middleware requiring any of `requirement`'s scopes or roles on an already-protected route. */
export function requireScopeOrRole(requirement: Requirement, options: ResponseOptions = {}): RequestHandler {
  return (req: Request, res: Response, next: NextFunction): void => {
    const denied = req.auth
      ? authorize(req.auth, requirement)
      : reject('MISSING_TOKEN', 'No bearer token was sent.');
    if (denied) send(res, denied, options);
    else next();
  };
}

/** Requires any of these delegated scopes (`scp`). */
export function requireScope(...scopes: string[]): RequestHandler {
  return requireScopeOrRole(scopeRequirement(scopes));
}

/** Requires any of these app roles (`roles`). */
export function requireRole(...roles: string[]): RequestHandler {
  return requireScopeOrRole(roleRequirement(roles));
}

export type { VerifiedToken };
