/**
 * The pre-signature checks, in the order the guard runs them. The first failure decides the
 * rejection; `doctor` runs them all.
 */

import type { Rejection } from '../rejection.ts';
import { audienceCheck, clientAppCheck, grantsSomethingCheck, lifetimeCheck } from './claims.ts';
import type { Check, CheckContext } from './context.ts';
import { algorithmCheck, critCheck, keyHeaderCheck, timeClaimsCheck } from './header.ts';
import { issuerCheck, tenantCheck } from './issuer.ts';
import { idTokenCheck, microsoftApiCheck } from './kind.ts';

export type { Check, CheckContext, CheckOutcome } from './context.ts';

/** Every check, cheapest and most explanatory first. */
export const CHECKS: readonly Check[] = [
  algorithmCheck,
  keyHeaderCheck,
  critCheck,
  timeClaimsCheck,
  microsoftApiCheck,
  idTokenCheck,
  tenantCheck,
  issuerCheck,
  audienceCheck,
  lifetimeCheck,
  clientAppCheck,
  grantsSomethingCheck,
];

/** Runs the checks in order and returns the first rejection. */
export function firstRejection(ctx: CheckContext): Rejection | undefined {
  for (const check of CHECKS) {
    const outcome = check.run(ctx);
    if (outcome !== undefined && outcome !== 'skip') return outcome;
  }
  return undefined;
}
