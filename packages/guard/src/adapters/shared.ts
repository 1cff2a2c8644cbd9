/**
 * What the three HTTP adapters share: accepting a guard or its options, and the requirement helpers.
 */
import { createGuard, type Guard } from '../guard.ts';
import type { GuardOptions, Requirement } from '../options.ts';

/** A guard, or the options to create one. */
export type GuardLike = Guard | GuardOptions;

/** Returns the guard, creating it from options when needed. */
export function toGuard(value: GuardLike): Guard {
  return typeof (value as Guard).validate === 'function'
    ? (value as Guard)
    : createGuard(value as GuardOptions);
}

/** `requireScope('a', 'b')`: any of these delegated scopes. */
export function scopeRequirement(scopes: readonly string[]): Requirement {
  return { scopes };
}

/** `requireRole('a', 'b')`: any of these app roles. */
export function roleRequirement(roles: readonly string[]): Requirement {
  return { roles };
}
