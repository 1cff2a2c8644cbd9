/**
 * The shape every pre-signature check shares. A check reads an UNVERIFIED token and the policy; it
 * can refuse a token but never accept one (the signature is verified afterwards).
 */
import type { DecodedToken } from '../decode.ts';
import type { Policy } from '../options.ts';
import type { Rejection } from '../rejection.ts';

/** What a check reads. `now` is in seconds since the epoch. */
export interface CheckContext {
  readonly token: DecodedToken;
  readonly policy: Policy;
  readonly now: number;
}

/** A check's outcome: `undefined` passes, `'skip'` means it could not run (doctor only). */
export type CheckOutcome = Rejection | undefined | 'skip';

/** One named check, in the order the guard runs them. */
export interface Check {
  /** Stable id, shown by `doctor`. */
  readonly id: string;
  /** What the check verifies, in a few words. */
  readonly title: string;
  readonly run: (ctx: CheckContext) => CheckOutcome;
}

/** Describes the API's expected audience for fixes: `api://<guid>` when known. */
export function apiUri(policy: Policy): string {
  return (
    policy.audiences.find((a) => a.startsWith('api://')) ?? policy.audiences[0] ?? 'api://<your API appId>'
  );
}
