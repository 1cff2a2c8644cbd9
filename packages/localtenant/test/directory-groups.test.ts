/**
 * The Directory's group API (groups(), group(id), memberOf(principal, transitive)), which Microsoft Graph's
 * memberOf / transitiveMemberOf read (docs/fidelity.md#groups).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Directory } from '../src/directory/directory.ts';
import { TenantFileError, validateTenant } from '../src/directory/load.ts';
import { dir, directoryTenant } from './fixtures/directory-tenant.ts';

const ids = (groups: { id: string }[]) => groups.map((g) => g.id).sort();

test('memberOf: direct groups, or with transitive the groups reached through nesting; by id or UPN', async () => {
  const directory = await Directory.create(validateTenant(directoryTenant()));
  const { adele } = dir.users;
  assert.deepEqual(
    ids(directory.memberOf(adele.id, false)),
    [dir.groups.engineering, dir.groups.newsletter].sort(),
  );
  assert.deepEqual(
    ids(directory.memberOf(adele.upn.toUpperCase(), true)),
    [dir.groups.allStaff, dir.groups.engineering, dir.groups.newsletter].sort(),
  );
  assert.deepEqual(ids(directory.memberOf(dir.groups.engineering, true)), [dir.groups.allStaff]);
  assert.equal(directory.group(dir.groups.newsletter.toUpperCase())?.displayName, 'Newsletter');
  assert.equal(directory.groups().length, 3 + dir.bobGroups.length + dir.erinGroups.length);
});

test('a membership cycle between groups ends the walk', async () => {
  const tenant = directoryTenant();
  const a = '7a1b2c3d-0000-4000-8000-00000000cc01';
  const b = '7a1b2c3d-0000-4000-8000-00000000cc02';
  tenant.groups = [
    { id: a, displayName: 'A', members: [b, dir.users.dave.upn] },
    { id: b, displayName: 'B', members: [a] },
  ];
  tenant.appRoleAssignments = [];
  const directory = await Directory.create(validateTenant(tenant));
  assert.deepEqual(ids(directory.memberOf(dir.users.dave.id, true)), [a, b].sort());
});

test('the tenant file refuses unknown group members, self-membership and duplicate group ids', () => {
  const tenant = directoryTenant();
  tenant.groups = [
    {
      id: dir.groups.allStaff,
      displayName: 'All staff',
      members: ['nobody@dirtest.onmicrosoft.com', dir.groups.allStaff],
    },
    { id: dir.groups.allStaff, displayName: 'Again' },
  ];
  tenant.appRoleAssignments = [];
  assert.throws(
    () => validateTenant(tenant),
    (err: unknown) => {
      assert.ok(err instanceof TenantFileError);
      assert.match(err.message, /groups\[0\]\.members\[0\]: nobody@dirtest\.onmicrosoft\.com is neither/);
      assert.match(err.message, /groups\[0\]\.members\[1\]: a group cannot be a member of itself/);
      assert.match(err.message, /groups\[1\]\.id: group id .* is used twice/);
      return true;
    },
  );
});
