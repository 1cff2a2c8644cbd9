import type { ServerContext } from '../context.ts';
import type { Directory, DirectoryUser } from '../directory/directory.ts';

/** Who a sign-in name is at the addressed tenant, and who proves the password. */
export interface SignInAccount {
  /** The user object in the addressed tenant: a member, a guest, or none (a user of another tenant only). */
  member: DirectoryUser | undefined;
  /** The user whose password is checked: the member, or the guest's (or outsider's) home user. */
  credential: DirectoryUser;
  /** The tenant of `credential`. */
  home: Directory;
}

/**
 * Resolves a sign-in name at the addressed tenant (docs/fidelity.md#several-tenants, #guests): a member signs in
 * here; a guest invited from another tenant of this server signs in with that tenant's password; a user of
 * another tenant who is not a guest here authenticates at home and is then refused (AADSTS50020).
 */
export function findAccount(ctx: ServerContext, login: string): SignInAccount | undefined {
  const here = ctx.directory.userByName(login);
  if (here && !here.user.invitedFrom) return { member: here, credential: here, home: ctx.directory };
  const home = ctx.tenants.all.find((d) => d !== ctx.directory && d.userByName(login));
  const credential = home?.userByName(login);
  if (!home || !credential || credential.user.invitedFrom) return undefined;
  return { member: ctx.directory.guestInvitedFrom(login), credential, home };
}
