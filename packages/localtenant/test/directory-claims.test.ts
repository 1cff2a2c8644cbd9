/**
 * The directory in tokens, through msal-node and the real sign-in forms: groups (nesting, groupMembershipClaims,
 * overage, hasgroups, emit_as_roles), app roles for users and groups, appRoleAssignmentRequired (AADSTS50105), a
 * disabled user (AADSTS50057), and each optional claim in v1.0 and v2.0 tokens (docs/fidelity.md#groups,
 * #app-roles-for-users, #optional-claims).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type AuthenticationResult, CryptoProvider, PublicClientApplication } from '@azure/msal-node';
import { decodeJwt, type JWTPayload } from 'jose';
import { dir, directoryTenant, OPTIONAL_CLAIMS } from './fixtures/directory-tenant.ts';
import { authorize, Browser, SignInPageError } from './helpers/index.ts';
import { followAuthorizeUrl } from './support/flow.ts';
import { startServer, type TestServer } from './support/server.ts';

const u = dir.users;
const g = dir.groups;

describe('groups, user roles and optional claims in tokens', () => {
  let lt: TestServer;
  before(async () => {
    lt = await startServer({ tenant: directoryTenant() });
  });
  after(() => lt.close());

  function msal() {
    return new PublicClientApplication({
      auth: {
        clientId: dir.desktop.appId,
        authority: lt.authority,
        knownAuthorities: [new URL(lt.url).host],
      },
    });
  }

  /** Signs `upn` in to the desktop app with MSAL Node (auth code + PKCE through the forms). */
  async function signIn(
    pca: PublicClientApplication,
    upn: string,
    scope: string,
    browser = new Browser(),
    extraScopesToConsent: string[] = [dir.apiV1.scope, dir.plainApi.scope],
  ) {
    const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
    const redirectUri = 'http://localhost:53124';
    const url = await pca.getAuthCodeUrl({
      scopes: [scope],
      extraScopesToConsent,
      redirectUri,
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
    });
    const signedIn = await followAuthorizeUrl(url, lt, { upn, password: dir.password }, { browser });
    assert.ok(signedIn.code, signedIn.params.toString());
    return pca.acquireTokenByCode({
      code: signedIn.code,
      scopes: [scope],
      redirectUri,
      codeVerifier: verifier,
    });
  }

  const claims = (r: AuthenticationResult) => decodeJwt(r.accessToken);
  const idClaims = (r: AuthenticationResult) => decodeJwt(r.idToken);

  test('roles: assigned to the user and to a group the user is in, not to a group reached only through nesting', async () => {
    const result = await signIn(msal(), u.adele.upn, dir.apiV2.scope);
    const at = claims(result);
    assert.deepEqual([...(at.roles as string[])].sort(), ['Admin', 'Reader']);
    // The ID token carries the client app's roles (Viewer, through Engineering).
    assert.deepEqual(idClaims(result).roles, ['Viewer']);
  });

  test('groups: SecurityGroup lists security groups with nesting; All adds distribution lists', async () => {
    const pca = msal();
    const result = await signIn(pca, u.adele.upn, dir.apiV2.scope);
    assert.deepEqual([...(claims(result).groups as string[])].sort(), [g.allStaff, g.engineering].sort());
    // The desktop app's manifest says All: its ID token also lists the newsletter (mail-enabled, not security).
    assert.deepEqual(
      [...(idClaims(result).groups as string[])].sort(),
      [g.allStaff, g.engineering, g.newsletter].sort(),
    );
    const v1 = await pca.acquireTokenSilent({ account: result.account!, scopes: [dir.apiV1.scope] });
    assert.equal(claims(v1).ver, '1.0');
    assert.deepEqual(
      [...(claims(v1).groups as string[])].sort(),
      [g.allStaff, g.engineering, g.newsletter].sort(),
    );
    // An API without groupMembershipClaims gets no groups claim.
    const plain = await pca.acquireTokenSilent({ account: result.account!, scopes: [dir.plainApi.scope] });
    assert.equal(claims(plain).groups, undefined);
  });

  test('groups overage: more than 200 groups gives _claim_names/_claim_sources instead of groups', async () => {
    const result = await signIn(msal(), u.bob.upn, dir.apiV2.scope);
    for (const token of [claims(result), idClaims(result)]) {
      assert.equal(token.groups, undefined);
      assert.deepEqual(token._claim_names, { groups: 'src1' });
      assert.deepEqual(token._claim_sources, {
        src1: { endpoint: `https://graph.windows.net/${dir.tenantId}/users/${u.bob.id}/getMemberObjects` },
      });
    }
  });

  test('implicit: six groups give hasgroups in the ID token of the fragment; the code flow lists them', async () => {
    const implicit = await authorize({
      lt,
      clientId: dir.implicitWeb.appId,
      redirectUri: dir.implicitWeb.redirectUri,
      scope: 'openid profile',
      responseType: 'id_token',
      nonce: 'n-1',
      user: u.erin.upn,
      password: dir.password,
    });
    const idToken = decodeJwt(implicit.params.get('id_token') ?? '');
    assert.equal(idToken.hasgroups, true);
    assert.equal(idToken.groups, undefined);
    const code = await signIn(msal(), u.erin.upn, dir.apiV2.scope);
    assert.deepEqual([...(claims(code).groups as string[])].sort(), [...dir.erinGroups].sort());
  });

  test('optionalClaims.groups: emit_as_roles with cloud_displayname puts the assigned groups’ names in roles', async () => {
    const r = await authorize({
      lt,
      clientId: dir.groupsAsRoles.appId,
      redirectUri: dir.groupsAsRoles.redirectUri,
      scope: 'openid profile',
      responseType: 'id_token',
      nonce: 'n-2',
      user: u.adele.upn,
      password: dir.password,
    });
    const idToken = decodeJwt(r.params.get('id_token') ?? '');
    // ApplicationGroup: only the newsletter is assigned to the app; its role (Member) and its name as a role.
    assert.deepEqual([...(idToken.roles as string[])].sort(), ['Member', 'Newsletter']);
    assert.equal(idToken.groups, undefined);
  });

  test('appRoleAssignmentRequired: an unassigned user sees AADSTS50105; with prompt=none it is interaction_required', async () => {
    const pca = msal();
    const url = await pca.getAuthCodeUrl({
      scopes: [dir.apiV2.scope],
      redirectUri: 'http://localhost:53124',
    });
    const browser = new Browser();
    await assert.rejects(
      followAuthorizeUrl(url, lt, { upn: u.dave.upn, password: dir.password }, { browser }),
      (err: unknown) => {
        assert.ok(err instanceof SignInPageError);
        assert.match(err.text, /AADSTS50105/);
        assert.match(err.text, /dir-desktop/);
        assert.match(err.text, /dave@dirtest\.onmicrosoft\.com/);
        return true;
      },
    );
    // Dave has a session now (he signed in); a silent request gets the error back at the redirect URI.
    const silent = await authorize({
      lt,
      browser,
      clientId: dir.desktop.appId,
      redirectUri: dir.desktop.redirectUri,
      scope: 'openid',
      prompt: 'none',
    });
    assert.equal(silent.params.get('error'), 'interaction_required');
    assert.match(silent.params.get('error_description') ?? '', /^AADSTS50105:/);
    // Bob holds Default Access (no role): he signs in, and his ID token has no roles.
    const bob = await signIn(msal(), u.bob.upn, dir.apiV2.scope);
    assert.equal(idClaims(bob).roles, undefined);
  });

  test('a disabled user cannot sign in: AADSTS50057', async () => {
    await assert.rejects(
      authorize({
        lt,
        clientId: dir.implicitWeb.appId,
        redirectUri: dir.implicitWeb.redirectUri,
        scope: 'openid',
        responseType: 'id_token',
        nonce: 'n-3',
        user: u.carol.upn,
        password: dir.password,
      }),
      /AADSTS50057/,
    );
  });

  test('optional claims in a v2.0 access token and ID token: each one the manifest lists', async () => {
    const result = await signIn(msal(), u.adele.upn, dir.apiV2.scope);
    for (const token of [claims(result), idClaims(result)]) {
      assert.equal(token.email, 'adele.vance@dirtest.example');
      assert.equal(token.upn, u.adele.upn);
      assert.equal(token.family_name, 'Vance');
      assert.equal(token.given_name, 'Adele');
      assert.equal(token.ipaddr, '127.0.0.1');
      assert.equal(token.ctry, 'FR', 'country is free text: usageLocation gives the code');
      assert.equal(token.tenant_ctry, 'US');
      assert.equal(token.verified_primary_email, 'adele.vance@dirtest.example');
      assert.equal(token.acct, 0);
      assert.equal(typeof token.auth_time, 'number');
      assert.equal(token.xms_pl, 'fr-FR');
      assert.equal(token.xms_tpl, 'en-US');
      assert.equal(typeof token.sid, 'string');
      assert.match(String(token.login_hint), /^O\./);
    }
    assert.equal(claims(result).sid, idClaims(result).sid, 'one session');
  });

  test('v2.0 tokens without optional claims lack the v1.0 basic claims; v1.0 tokens carry them unasked', async () => {
    const pca = msal();
    const first = await signIn(pca, u.adele.upn, dir.plainApi.scope);
    const v2 = claims(first);
    for (const name of OPTIONAL_CLAIMS) assert.equal(v2[name], undefined, `${name} in a plain v2.0 token`);
    const v1 = claims(await pca.acquireTokenSilent({ account: first.account!, scopes: [dir.apiV1.scope] }));
    assert.equal(v1.upn, u.adele.upn);
    assert.equal(v1.family_name, 'Vance');
    assert.equal(v1.given_name, 'Adele');
    assert.equal(v1.ipaddr, '127.0.0.1');
    // The rest come from the API's optionalClaims.accessToken, in v1.0 as in v2.0.
    const expected: JWTPayload = {
      email: 'adele.vance@dirtest.example',
      ctry: 'FR',
      tenant_ctry: 'US',
      verified_primary_email: 'adele.vance@dirtest.example',
      acct: 0,
      xms_pl: 'fr-FR',
      xms_tpl: 'en-US',
    };
    for (const [name, value] of Object.entries(expected)) assert.equal(v1[name], value, name);
    assert.equal(typeof v1.auth_time, 'number');
    assert.equal(typeof v1.sid, 'string');
    assert.match(String(v1.login_hint), /^O\./);
  });

  test('MSAL sends the login_hint claim back: /authorize recognises the account', async () => {
    const browser = new Browser();
    const result = await signIn(msal(), u.adele.upn, dir.apiV2.scope, browser);
    const hint = String(idClaims(result).login_hint);
    const again = await authorize({
      lt,
      browser,
      clientId: dir.desktop.appId,
      redirectUri: dir.desktop.redirectUri,
      scope: `openid ${dir.apiV2.scope}`,
      prompt: 'none',
      loginHint: hint,
    });
    assert.ok(again.code, again.params.toString());
  });
});
