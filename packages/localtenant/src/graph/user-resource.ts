import type { DirectoryUser } from '../directory/directory.ts';

/** A user as Graph v1.0 returns it. */
export type GraphUser = Record<string, unknown>;

/**
 * The properties Graph v1.0 returns for a user without `$select`, in Graph's order
 * (https://learn.microsoft.com/graph/api/user-get#response).
 */
export const DEFAULT_USER_PROPERTIES = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
] as const;

/** Every property this Graph subset can return for a user (a `$select` may name any of them). */
export const USER_PROPERTIES = new Set<string>([
  ...DEFAULT_USER_PROPERTIES,
  'accountEnabled',
  'department',
  'country',
  'usageLocation',
  'otherMails',
  'userType',
  'companyName',
  'city',
]);

/** The full Graph view of a directory user (missing attributes are `null`, as Graph answers). */
export function graphUser(entry: DirectoryUser): GraphUser {
  const u = entry.user as DirectoryUser['user'] & Record<string, unknown>;
  const value = (name: string) => (u[name] === undefined ? null : u[name]);
  return {
    businessPhones: Array.isArray(u.businessPhones) ? u.businessPhones : [],
    displayName: u.displayName,
    givenName: value('givenName'),
    jobTitle: value('jobTitle'),
    mail: value('mail'),
    mobilePhone: value('mobilePhone'),
    officeLocation: value('officeLocation'),
    preferredLanguage: value('preferredLanguage'),
    surname: value('surname'),
    userPrincipalName: u.userPrincipalName,
    id: u.id,
    accountEnabled: u.accountEnabled !== false,
    department: value('department'),
    country: value('country'),
    usageLocation: value('usageLocation'),
    otherMails: Array.isArray(u.otherMails) ? u.otherMails : [],
    userType: typeof u.userType === 'string' ? u.userType : 'Member',
    companyName: value('companyName'),
    city: value('city'),
  };
}

/** Keeps the selected properties (Graph's defaults when none), in the order asked. */
export function project(user: GraphUser, select: readonly string[] | undefined): GraphUser {
  const names = select ?? DEFAULT_USER_PROPERTIES;
  const out: GraphUser = {};
  for (const name of names) out[name] = user[name];
  return out;
}
