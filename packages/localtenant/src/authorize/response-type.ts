import { aadsts } from '../errors/entra-error.ts';

/** The response types /authorize serves (docs/fidelity.md#authorize-parameters). */
export type ResponseTypes = ReadonlySet<'code' | 'id_token' | 'token'>;
/** Response modes (docs/fidelity.md#response-types-and-modes). */
export type ResponseMode = 'query' | 'fragment' | 'form_post';

const ALLOWED = new Set([
  'code',
  'id_token',
  'token',
  'code id_token',
  'id_token token',
  'code token',
  'code id_token token',
]);

/** Parses `response_type` (space-separated, any order); anything else is AADSTS70005. */
export function parseResponseType(value: string): ResponseTypes {
  const parts = value.split(' ').filter(Boolean);
  const set = new Set(parts);
  const canonical = ['code', 'id_token', 'token'].filter((p) => set.has(p)).join(' ');
  if (
    set.size !== parts.length ||
    set.size === 0 ||
    canonical.split(' ').length !== set.size ||
    !ALLOWED.has(canonical)
  ) {
    throw aadsts('unsupportedResponseType');
  }
  return set as ResponseTypes;
}

/**
 * `response_mode` (docs/fidelity.md#authorize-parameters): default `query` for code only, `fragment` when a token is in
 * the response; `query` is refused for tokens ("query not allowed when requesting an ID token via implicit"); anything
 * else is AADSTS70007. `dest.mode` is updated so that later errors use the mode the request asked for.
 */
export function responseModeFor(
  types: ResponseTypes,
  responseType: string,
  requested: string | null,
  dest: { mode: ResponseMode },
): ResponseMode {
  const carriesToken = types.has('id_token') || types.has('token');
  dest.mode = carriesToken ? 'fragment' : 'query';
  if (!requested) return dest.mode;
  if (requested !== 'query' && requested !== 'fragment' && requested !== 'form_post') {
    throw aadsts('unsupportedResponseMode', { mode: requested.slice(0, 50), responseType });
  }
  if (requested === 'query' && carriesToken) {
    throw aadsts('unsupportedResponseMode', { mode: requested, responseType });
  }
  dest.mode = requested;
  return requested;
}
