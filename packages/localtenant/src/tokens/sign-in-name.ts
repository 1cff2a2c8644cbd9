import type { DirectoryUser } from '../directory/directory.ts';

/**
 * The name a token shows for the user (`preferred_username`, v1 `unique_name`): the user principal name, or for
 * a guest the home tenant's one they sign in with, never the `#EXT#` name of the guest object
 * (docs/fidelity.md#guests).
 */
export function signInName(user: DirectoryUser): string {
  return user.user.invitedFrom ?? user.user.userPrincipalName;
}

/** v1 tokens carry `upn` for members only: a guest's has none (docs/fidelity.md#guests). */
export function memberUpn(user: DirectoryUser): { upn?: string } {
  return user.user.invitedFrom ? {} : { upn: user.user.userPrincipalName };
}
