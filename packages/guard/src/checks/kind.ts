/**
 * Is this an access token for an API at all? Catches the two classic mix-ups: a token for Microsoft
 * Graph (or another Microsoft API), and an ID token sent instead of an access token.
 */
import { reject } from '../rejection.ts';
import { apiUri, type Check } from './context.ts';

/** Well-known Microsoft resource audiences and their names. */
const MICROSOFT_APIS: Record<string, string> = {
  'https://graph.microsoft.com': 'Microsoft Graph',
  '00000003-0000-0000-c000-000000000000': 'Microsoft Graph',
  'https://graph.windows.net': 'Azure AD Graph',
  '00000002-0000-0000-c000-000000000000': 'Azure AD Graph',
  'https://management.azure.com': 'Azure Resource Manager',
  'https://management.core.windows.net': 'Azure Service Management',
  'https://vault.azure.net': 'Azure Key Vault',
  'https://storage.azure.com': 'Azure Storage',
  'https://database.windows.net': 'Azure SQL Database',
  '00000003-0000-0ff1-ce00-000000000000': 'SharePoint Online',
  '00000002-0000-0ff1-ce00-000000000000': 'Exchange Online',
};

function audiencesOf(aud: unknown): string[] {
  if (typeof aud === 'string') return [aud];
  return Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
}

/** The Microsoft API a token was issued for, if its audience is a known one. */
export function microsoftApiOf(aud: unknown): string | undefined {
  for (const a of audiencesOf(aud)) {
    const name = MICROSOFT_APIS[a.replace(/\/+$/, '').toLowerCase()];
    if (name) return name;
  }
  return undefined;
}

/**
 * Tokens for Microsoft Graph carry a `nonce` in the JWS header and are signed over its hash, so no
 * standard verifier can check them; Microsoft Learn: "you can't validate tokens for Microsoft Graph
 * according to these rules due to their proprietary format". Name the real cause instead of
 * "invalid signature".
 */
export const microsoftApiCheck: Check = {
  id: 'not-microsoft-api',
  title: 'Issued for an API of yours, not Microsoft Graph',
  run: ({ token, policy }) => {
    const ownAudience = audiencesOf(token.payload.aud).some((a) => policy.audiences.includes(a));
    const api = ownAudience ? undefined : microsoftApiOf(token.payload.aud);
    const headerNonce = 'nonce' in token.header;
    if (!api && !headerNonce) return undefined;
    const fix = `Request a token for a scope of this API (for example ${apiUri(policy)}/.default or a named scope of it), not a Microsoft Graph scope such as User.Read.`;
    if (api) {
      return reject('MICROSOFT_API_TOKEN', `This token was issued for ${api}, not for this API.`, { fix });
    }
    return reject(
      'MICROSOFT_API_TOKEN',
      'This token carries a header nonce, the mark of tokens Microsoft issues for its own APIs such as Microsoft Graph; they cannot be validated by other APIs.',
      { fix },
    );
  },
};

/**
 * ID tokens tell the client who signed in; they carry neither `azp` (v2) nor `appid` (v1), and often
 * `nonce`, `at_hash` or `c_hash`, which access tokens do not.
 */
export const idTokenCheck: Check = {
  id: 'not-id-token',
  title: 'An access token, not an ID token',
  run: ({ token, policy }) => {
    const p = token.payload as Record<string, unknown>;
    const idMarks = 'nonce' in p || 'at_hash' in p || 'c_hash' in p;
    const noCaller = typeof p.azp !== 'string' && typeof p.appid !== 'string';
    if (!idMarks && !noCaller) return undefined;
    return reject(
      'ID_TOKEN',
      'This is an ID token, not an access token: it tells the client app who signed in and is not meant for APIs.',
      {
        detail: `The token has ${idMarks ? 'ID-token claims (nonce, at_hash or c_hash)' : 'no azp/appid claim (every Entra access token names its calling app)'}; its aud is the client app that requested it.`,
        fix: `Send the access token instead: with MSAL, acquireTokenSilent({ scopes: ['${apiUri(policy)}/<scope>'] }) and use result.accessToken, not result.idToken.`,
      },
    );
  },
};
