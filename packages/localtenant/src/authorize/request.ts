import type { ServerContext } from '../context.ts';
import { aadsts } from '../errors/entra-error.ts';
import { scopeWords } from '../scopes/parse.ts';
import { userIdFromLoginHint } from '../tokens/login-hint.ts';
import { validatePkce } from './pkce.ts';
import {
  parseResponseType,
  type ResponseMode,
  type ResponseTypes,
  responseModeFor,
} from './response-type.ts';
import { apiResources, type RequestedScopes, resolveScopes } from './scopes.ts';
import type { AuthorizeTarget } from './target.ts';

/** The `prompt` values Entra and MSAL send (docs/fidelity.md#authorize-parameters). `create` is treated as `login`. */
export type Prompt = 'login' | 'none' | 'consent' | 'select_account' | 'create' | 'no_session';
const PROMPTS = new Set<string>(['login', 'none', 'consent', 'select_account', 'create', 'no_session']);

/** Where a redirected error goes: filled as soon as each part is known, so later errors use the asked mode. */
export interface ErrorDestination {
  uri: string;
  mode: ResponseMode;
  state: string | undefined;
}

/** A valid authorize request. */
export interface AuthorizeRequest extends AuthorizeTarget {
  responseTypes: ResponseTypes;
  responseType: string;
  responseMode: ResponseMode;
  state: string | undefined;
  nonce: string | undefined;
  scopes: RequestedScopes;
  prompt: Prompt | undefined;
  loginHint: string | undefined;
  /** MSAL's `sid` hint for silent requests (docs/fidelity.md#authorize-parameters). */
  sidHint: string | undefined;
  /**
   * OIDC `max_age` in seconds: an older session signs in again, and the ID tokens carry `auth_time`
   * (docs/fidelity.md#id-tokens). A value that is not a whole number of seconds is ignored.
   */
  maxAge?: number | undefined;
  codeChallenge: string | undefined;
  codeChallengeMethod: 'S256' | 'plain' | undefined;
  /** `client_info=1`: put `client_info` in the response (docs/fidelity.md#client-info). */
  clientInfo: boolean;
  /** The parameters, re-sent by the sign-in forms (they are validated again on every step). */
  params: URLSearchParams;
}

/** The mode for errors found before `response_mode` is checked: the asked one when it is valid, else the default. */
function initialMode(params: URLSearchParams): ResponseMode {
  const asked = params.get('response_mode');
  const carriesToken = /(^| )(id_token|token)( |$)/.test(params.get('response_type') ?? '');
  if (asked === 'fragment' || asked === 'form_post' || (asked === 'query' && !carriesToken)) return asked;
  return carriesToken ? 'fragment' : 'query';
}

const optional = (params: URLSearchParams, name: string) => params.get(name) || undefined;

/** `login_hint` as a UPN: MSAL sends the `login_hint` optional claim back as it is (tokens/login-hint.ts). */
function readLoginHint(ctx: ServerContext, hint: string | undefined): string | undefined {
  const userId = hint ? userIdFromLoginHint(hint) : undefined;
  return (userId && ctx.directory.user(userId)?.user.userPrincipalName) || hint;
}

/** `max_age`: a whole number of seconds (OpenID Connect Core 1.0 §3.1.2.1), else undefined. */
function readMaxAge(value: string | null): number | undefined {
  return value && /^\d{1,10}$/.test(value) ? Number(value) : undefined;
}

/**
 * Step 2 of /authorize, every error redirected to `dest` (docs/fidelity.md#errors): `response_type` (900144, 70005),
 * `response_mode` (70007), implicit/hybrid gating (700054, 700051), `scope` (900144, 500011, 70011, 28000),
 * `openid` for ID tokens (70005), `nonce` for ID tokens (900144), PKCE (50147, 501491, 50149), `prompt`.
 */
export function validateRequest(
  ctx: ServerContext,
  target: AuthorizeTarget,
  params: URLSearchParams,
  dest: ErrorDestination,
): AuthorizeRequest {
  dest.state = params.get('state') ?? undefined;
  dest.mode = initialMode(params);
  const responseType = params.get('response_type') ?? '';
  if (!responseType) throw aadsts('missingParameter', { name: 'response_type' });
  const responseTypes = parseResponseType(responseType);
  const responseMode = responseModeFor(responseTypes, responseType, params.get('response_mode'), dest);
  const implicit = target.client.app.web.implicitGrantSettings;
  // docs/fidelity.md#response-types-and-modes: id_token needs enableIdTokenIssuance (700054), token needs
  // enableAccessTokenIssuance (700051).
  if (responseTypes.has('id_token') && !implicit.enableIdTokenIssuance) throw aadsts('idTokenNotEnabled');
  if (responseTypes.has('token') && !implicit.enableAccessTokenIssuance) throw aadsts('tokenNotEnabled');
  const words = scopeWords(params.get('scope') ?? undefined);
  if (words.length === 0) throw aadsts('missingParameter', { name: 'scope' });
  const scopes = resolveScopes(ctx.directory, words);
  // docs/fidelity.md#scopes-and-consent: "Multiple resources at /token (or implicit /authorize)" → AADSTS28000.
  if (responseTypes.has('token') && apiResources(scopes).length > 1) {
    throw aadsts('moreThanOneResource', { scope: words.join(' ').slice(0, 500) });
  }
  if (responseTypes.has('id_token') && !scopes.oidc.includes('openid')) throw aadsts('idTokenNeedsOpenId');
  const nonce = optional(params, 'nonce');
  // docs/fidelity.md#authorize-parameters: nonce "required when an id_token is requested at /authorize".
  if (responseTypes.has('id_token') && !nonce) throw aadsts('missingParameter', { name: 'nonce' });
  const pkce = validatePkce(params.get('code_challenge'), params.get('code_challenge_method'));
  const prompt = optional(params, 'prompt');
  if (prompt !== undefined && !PROMPTS.has(prompt)) throw aadsts('invalidParameterValue', { name: 'prompt' });
  return {
    ...target,
    responseTypes,
    responseType,
    responseMode,
    state: dest.state,
    nonce,
    scopes,
    prompt: prompt as Prompt | undefined,
    loginHint: readLoginHint(ctx, optional(params, 'login_hint')),
    sidHint: optional(params, 'sid'),
    maxAge: readMaxAge(params.get('max_age')),
    ...pkce,
    clientInfo: params.get('client_info') === '1',
    params,
  };
}
