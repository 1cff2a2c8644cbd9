import type { TokenResponse } from '../grants/grant.ts';
import type { FormParams } from '../http/form.ts';

/**
 * The v1.0 token endpoint (`/{tenant}/oauth2/token`) names the API with `resource` instead of scopes. It maps to
 * the v2 pipeline as `<resource>/.default` (all consented permissions of that resource), which is what v1
 * issuance meant. The access-token version is still the resource's choice (docs/fidelity.md#access-tokens).
 */
export function fromV1Request(form: FormParams): FormParams {
  const resource = form.get('resource');
  const params = new Map(form);
  // ADAL's v1 device code poll names the device code `code` (docs/fidelity.md#device-code).
  const grantType = form.get('grant_type') ?? '';
  if (grantType.endsWith('device_code') && !form.has('device_code') && form.has('code')) {
    params.set('device_code', form.get('code') ?? '');
  }
  if (!resource || form.has('scope')) return params;
  const openid = form.get('grant_type') === 'client_credentials' ? '' : ' openid';
  params.set('scope', `${resource.replace(/\/$/, '')}/.default${openid}`);
  return params;
}

/** v1 responses carry numbers as strings, plus `expires_on`, `not_before` and `resource`. */
export function toV1Response(body: TokenResponse, params: FormParams, nowMs: number): Record<string, string> {
  const now = Math.floor(nowMs / 1000);
  const v1: Record<string, string> = {
    token_type: body.token_type,
    ...(body.scope ? { scope: body.scope } : {}),
    expires_in: String(body.expires_in),
    ext_expires_in: String(body.ext_expires_in),
    expires_on: String(now + body.expires_in),
    not_before: String(now - 300),
    resource: params.get('resource') ?? '',
    access_token: body.access_token,
  };
  if (body.refresh_token) v1.refresh_token = body.refresh_token;
  if (body.id_token) v1.id_token = body.id_token;
  return v1;
}
