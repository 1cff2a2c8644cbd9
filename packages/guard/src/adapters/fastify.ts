/**
 * Fastify: `app.register(guardPlugin, { authority, audience })` protects every route of the app
 * (or use the `protect()` hook per route); `requireScope(...)` etc. as `preHandler`s. The verified
 * token is `request.auth`.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { authorize } from '../authorize.ts';
import type { VerifiedToken } from '../claims.ts';
import type { Guard } from '../guard.ts';
import { errorResponse, type ResponseOptions } from '../http.ts';
import type { GuardOptions, Requirement } from '../options.ts';
import { type Rejection, reject } from '../rejection.ts';
import { type GuardLike, roleRequirement, scopeRequirement, toGuard } from './shared.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified access token, set by the guard. */
    auth?: VerifiedToken;
  }
}

/** A Fastify hook (`onRequest` or `preHandler`). */
export type GuardHook = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>;

/** Options of {@link protect}. */
export interface FastifyProtectOptions extends ResponseOptions {
  /** A requirement every request must meet (any scope OR any role). */
  require?: Requirement;
}

function send(reply: FastifyReply, rejection: Rejection, options: ResponseOptions): FastifyReply {
  const { status, headers, body } = errorResponse(rejection, options);
  return reply.code(status).headers(headers).send(body);
}

/** A hook validating the bearer token: sets `request.auth` or answers 401/403/503 per RFC 6750. */
export function protect(guard: GuardLike, options: FastifyProtectOptions = {}): GuardHook {
  const g = toGuard(guard);
  return async (request, reply) => {
    const result = await g.validateHeader(request.headers.authorization, options.require);
    if (!result.ok) return send(reply, result.rejection, options);
    request.auth = result.token;
    return undefined;
  };
}

/** Options of {@link guardPlugin}: the guard's options (or a `guard`) plus response options. */
export type GuardPluginOptions = (GuardOptions | { guard: Guard }) & FastifyProtectOptions;

/** Plugin protecting every route registered after it, in the whole app (not encapsulated). */
export const guardPlugin: FastifyPluginAsync<GuardPluginOptions> = async (app, options) => {
  const hook = protect('guard' in options ? options.guard : options, options);
  app.decorateRequest('auth', undefined);
  app.addHook('onRequest', hook);
};
(guardPlugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;

/** A `preHandler` requiring any of the requirement's scopes or roles. */
export function requireScopeOrRole(requirement: Requirement, options: ResponseOptions = {}): GuardHook {
  return async (request, reply) => {
    const denied = request.auth
      ? authorize(request.auth, requirement)
      : reject('MISSING_TOKEN', 'No bearer token was sent.');
    return denied ? send(reply, denied, options) : undefined;
  };
}

/** Requires any of these delegated scopes (`scp`). */
export function requireScope(...scopes: string[]): GuardHook {
  return requireScopeOrRole(scopeRequirement(scopes));
}

/** Requires any of these app roles (`roles`). */
export function requireRole(...roles: string[]): GuardHook {
  return requireScopeOrRole(roleRequirement(roles));
}
