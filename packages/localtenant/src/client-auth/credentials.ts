import { aadsts } from '../errors/entra-error.ts';
import type { FormParams } from '../http/form.ts';

/** The client credentials a token request carries. */
export interface PresentedCredentials {
  clientId: string | undefined;
  secret: string | undefined;
  assertion: string | undefined;
  assertionType: string | undefined;
  /** Which channel carried the secret, for logs. */
  via: 'basic' | 'post' | 'assertion' | 'none';
}

/**
 * Reads `client_secret_basic` (RFC 6749 §2.3.1: form-encoded id and secret in Basic auth), `client_secret_post`
 * and `private_key_jwt` credentials. An Authorization header that is not Basic is ignored, as a bearer token
 * has no meaning at the token endpoint.
 */
export function presentedCredentials(params: FormParams, authorization: string | null): PresentedCredentials {
  let basicId: string | undefined;
  let basicSecret: string | undefined;
  if (authorization && /^basic /i.test(authorization)) {
    const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw aadsts('malformedRequest', {}, 'Basic credentials without a colon');
    try {
      basicId = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '));
      basicSecret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' '));
    } catch {
      throw aadsts('malformedRequest', {}, 'Basic credentials are not form-encoded');
    }
  }
  const bodyId = params.get('client_id');
  if (basicId !== undefined && bodyId !== undefined && bodyId !== basicId) {
    throw aadsts('clientIdMismatch', { clientId: bodyId, tenant: '' });
  }
  const postSecret = params.get('client_secret');
  const assertion = params.get('client_assertion');
  return {
    clientId: basicId ?? bodyId,
    secret: basicSecret ?? postSecret,
    assertion,
    assertionType: params.get('client_assertion_type'),
    via:
      basicSecret !== undefined
        ? 'basic'
        : postSecret !== undefined
          ? 'post'
          : assertion
            ? 'assertion'
            : 'none',
  };
}
