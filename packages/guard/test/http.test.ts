import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { challenge, errorResponse } from '../src/index.ts';
import { reject } from '../src/rejection.ts';

describe('RFC 6750 responses', () => {
  it('no token: a bare Bearer challenge (with realm when configured), no error attribute', () => {
    const missing = reject('MISSING_TOKEN', 'No bearer token was sent.');
    assert.equal(challenge(missing), 'Bearer');
    assert.equal(challenge(missing, 'my-api'), 'Bearer realm="my-api"');
    assert.equal(errorResponse(missing).status, 401);
    assert.equal(errorResponse(missing).body.error, undefined);
  });

  it('error_description holds only RFC 6750 characters (no quote, backslash or non-ASCII)', () => {
    const r = reject('AUDIENCE_MISMATCH', 'The token’s aud "x\\y" — é is wrong');
    const value = challenge(r);
    const description = /error_description="([^"]*)"/.exec(value)?.[1] ?? '';
    assert.match(description, /^[\x20\x21\x23-\x5b\x5d-\x7e]+$/);
    assert.match(value, /^Bearer error="invalid_token", error_description="The token's aud 'x'y' is wrong"$/);
  });

  it('the body carries the code, message and a correlation id, never the log detail', () => {
    const seen: string[] = [];
    const r = reject('TENANT_NOT_ALLOWED', 'The token was issued by another tenant.', {
      detail: 'tid 1111 secret-ish',
    });
    const res = errorResponse(r, { onRejected: (_r, id) => seen.push(id) });
    assert.equal(res.body.code, 'TENANT_NOT_ALLOWED');
    assert.equal(res.body.correlation_id, seen[0]);
    assert.ok(!JSON.stringify(res).includes('secret-ish'));
  });

  it('503 for unreachable keys: Retry-After and no Bearer challenge', () => {
    const res = errorResponse(reject('KEYS_UNAVAILABLE', 'later'));
    assert.equal(res.status, 503);
    assert.equal(res.headers['retry-after'], '5');
    assert.equal(res.headers['www-authenticate'], undefined);
  });
});
