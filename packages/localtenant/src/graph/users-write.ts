import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { DirectoryUser } from '../directory/directory.ts';
import { hashPassword } from '../directory/secrets.ts';
import { type GraphPermissions, requirePermission } from './auth.ts';
import { readBody } from './body.ts';
import { GraphError } from './errors.ts';
import type { GraphRequest, GraphRoute } from './routes.ts';
import { graphUser, project } from './user-resource.ts';
import { userByKey } from './users.ts';

/** Creating, changing and deleting users (https://learn.microsoft.com/graph/api/user-post-users#permissions). */
const WRITE_USERS: GraphPermissions = {
  delegated: ['User.ReadWrite.All'],
  application: ['User.ReadWrite.All'],
};

const passwordProfile = z.object({
  password: z.string(),
  forceChangePasswordNextSignIn: z.boolean().optional(),
});

/** User properties Graph accepts on create and update (the ones this directory keeps). */
const writable = {
  accountEnabled: z.boolean(),
  displayName: z.string().min(1).max(256),
  mailNickname: z.string().min(1).max(64),
  userPrincipalName: z.string().regex(/^[^@\s]+@[^@\s]+$/),
  passwordProfile,
  givenName: z.string().max(64).nullable(),
  surname: z.string().max(64).nullable(),
  mail: z.string().nullable(),
  jobTitle: z.string().max(128).nullable(),
  department: z.string().max(64).nullable(),
  country: z.string().nullable(),
  usageLocation: z.string().length(2).nullable(),
  officeLocation: z.string().nullable(),
  mobilePhone: z.string().nullable(),
  preferredLanguage: z.string().nullable(),
  businessPhones: z.array(z.string()).max(1),
  otherMails: z.array(z.string()),
};

const createUser = z.object({
  ...writable,
  givenName: writable.givenName.optional(),
  surname: writable.surname.optional(),
  mail: writable.mail.optional(),
  jobTitle: writable.jobTitle.optional(),
  department: writable.department.optional(),
  country: writable.country.optional(),
  usageLocation: writable.usageLocation.optional(),
  officeLocation: writable.officeLocation.optional(),
  mobilePhone: writable.mobilePhone.optional(),
  preferredLanguage: writable.preferredLanguage.optional(),
  businessPhones: writable.businessPhones.optional(),
  otherMails: writable.otherMails.optional(),
});

const updateUser = z.object(writable).partial().strict();

/**
 * Entra's password policy for cloud users: 8 to 256 characters and three of upper case, lower case, digits and
 * symbols (https://learn.microsoft.com/entra/identity/authentication/concept-password-ban-bad-combined-policy).
 */
function checkPassword(password: string): void {
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  if (password.length < 8 || password.length > 256 || classes < 3) {
    throw new GraphError(
      400,
      'Request_BadRequest',
      'The specified password does not comply with password complexity requirements. Please provide a different password.',
    );
  }
}

function checkUpn(r: GraphRequest, upn: string, exceptId?: string): void {
  const domain = upn.split('@')[1]?.toLowerCase();
  if (domain !== r.ctx.directory.tenant.domain.toLowerCase()) {
    throw new GraphError(
      400,
      'Request_BadRequest',
      'The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.',
    );
  }
  const existing = r.ctx.directory.userByName(upn);
  if (existing && existing.user.id.toLowerCase() !== exceptId?.toLowerCase()) {
    throw new GraphError(
      400,
      'Request_BadRequest',
      'Another object with the same value for property userPrincipalName already exists.',
    );
  }
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** `POST /users`, `PATCH /users/{id}`, `DELETE /users/{id}`: persisted, and in effect for sign-in at once. */
export function userWriteRoutes(): GraphRoute[] {
  return [
    {
      method: 'POST',
      path: '/users',
      handle: async (r) => {
        requirePermission(r.caller, WRITE_USERS);
        const body = await readBody(r.c, createUser, 'User');
        checkUpn(r, body.userPrincipalName);
        checkPassword(body.passwordProfile.password);
        const { passwordProfile: profile, mailNickname: _, ...attributes } = body;
        const user = withoutUndefined({ id: randomUUID(), ...attributes }) as DirectoryUser['user'];
        const entry = await r.writer.putUser(user, await hashPassword(profile.password));
        return r.c.json(
          { '@odata.context': `${r.base}/$metadata#users/$entity`, ...project(graphUser(entry), undefined) },
          201,
        );
      },
    },
    {
      method: 'PATCH',
      path: '/users/:id',
      handle: async (r) => {
        requirePermission(r.caller, WRITE_USERS);
        const current = userByKey(r.ctx, r.params.id ?? '');
        const body = await readBody(r.c, updateUser, 'User');
        if (body.userPrincipalName) checkUpn(r, body.userPrincipalName, current.user.id);
        if (body.passwordProfile) checkPassword(body.passwordProfile.password);
        const { passwordProfile: profile, mailNickname: _, ...attributes } = body;
        const user = withoutUndefined({ ...current.user, ...attributes }) as DirectoryUser['user'];
        const hash = profile ? await hashPassword(profile.password) : current.passwordHash;
        await r.writer.putUser(user, hash);
        return r.c.body(null, 204);
      },
    },
    {
      method: 'DELETE',
      path: '/users/:id',
      handle: async (r) => {
        requirePermission(r.caller, WRITE_USERS);
        const current = userByKey(r.ctx, r.params.id ?? '');
        await r.writer.deleteUser(current.user.id);
        return r.c.body(null, 204);
      },
    },
  ];
}
