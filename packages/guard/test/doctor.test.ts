import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { diagnoseToken, formatDiagnosis } from '../src/index.ts';
import { API, makeKey, SPA, startAuthority, type TestAuthority } from './support/authority.ts';

describe('doctor: diagnoseToken + formatDiagnosis', () => {
  let idp: TestAuthority;
  before(async () => {
    idp = await startAuthority();
  });
  after(() => idp.close());

  it('a good token passes every check, signature included, when given the authority and audience', async () => {
    const report = await diagnoseToken(await idp.userToken(), { authority: idp.authority, audience: API });
    assert.equal(report.ok, true);
    assert.deepEqual(
      report.checks.filter((c) => c.status !== 'pass').map((c) => c.id),
      ['client-app'],
      'only the optional caller allow-list is skipped',
    );
    assert.equal(report.summary?.version, 2);
    assert.equal(report.summary?.clientApp, SPA);
    const text = formatDiagnosis(report);
    assert.match(text, /\[PASS\] Signature verifies with the tenant keys/);
    assert.match(text, /Result: no check failed/);
  });

  it('runs every check, not just up to the first failure, with explanation and fix', async () => {
    const token = await idp.userToken({
      version: 1,
      expiresIn: -4000,
      claims: { aud: 'api://someone-else' },
    });
    const report = await diagnoseToken(token, { authority: idp.authority, audience: API, versions: 'v2' });
    assert.equal(report.ok, false);
    const failed = report.checks.filter((c) => c.status === 'fail').map((c) => c.code);
    assert.deepEqual(failed, ['ISSUER_VERSION_MISMATCH', 'AUDIENCE_MISMATCH', 'TOKEN_EXPIRED']);
    const text = formatDiagnosis(report);
    assert.match(text, /\[FAIL\] Audience is this API \(AUDIENCE_MISMATCH\)/);
    assert.match(
      text,
      /aud api:\/\/someone-else; expected/,
      'doctor shows the values (the token is the user’s own)',
    );
    assert.match(text, /Fix: Either accept both versions/);
    assert.match(
      text,
      /Result: REJECTED, 3 check\(s\) failed; the guard reports the first: ISSUER_VERSION_MISMATCH\./,
    );
  });

  it('without options it still explains what it can and says how to check the rest', async () => {
    const report = await diagnoseToken(await idp.userToken({ key: await makeKey() }));
    const signature = report.checks.find((c) => c.id === 'signature');
    assert.equal(signature?.status, 'skip');
    assert.match(formatDiagnosis(report), /Pass --authority <URL>/);
    assert.match(formatDiagnosis(report), /Pass --audience/);
    assert.equal(
      report.checks.find((c) => c.id === 'tenant')?.status,
      'skip',
      'no authority: tenant unknown',
    );
  });

  it('an unknown signing key is reported by the signature check when the authority is given', async () => {
    const report = await diagnoseToken(await idp.userToken({ key: await makeKey() }), {
      authority: idp.authority,
    });
    assert.equal(report.checks.find((c) => c.id === 'signature')?.code, 'UNKNOWN_KID');
  });

  it('garbage and an unreachable authority become failed checks, never exceptions', async () => {
    const garbage = await diagnoseToken('definitely not a token');
    assert.equal(garbage.ok, false);
    assert.equal(garbage.checks[0]?.code, 'MALFORMED_TOKEN');
    assert.match(formatDiagnosis(garbage), /\[FAIL\] Decodes as a signed JWT/);
    const down = await diagnoseToken(await idp.userToken(), { authority: 'http://127.0.0.1:9/t' });
    assert.equal(down.checks.find((c) => c.id === 'discovery')?.status, 'fail');
  });
});
