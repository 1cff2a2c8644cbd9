/** Form-encoded POST header set used for every token request. */
export const FORM = { 'content-type': 'application/x-www-form-urlencoded' } as const;

/** The parts of a JWT, decoded without verification (for sanity checks before loading a system). */
export function decodeJwt(token: string): {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
} {
  const [header, payload] = token.split('.');
  if (!header || !payload) throw new Error('not a JWT');
  const parse = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  return { header: parse(header), payload: parse(payload) };
}

/**
 * POSTs a token request once and checks that the answer is a 200 carrying an RS256 JWT access token;
 * throws with the status and body otherwise. Returns the access token.
 */
export async function requestToken(tokenUrl: string, body: string): Promise<string> {
  const response = await fetch(tokenUrl, { method: 'POST', headers: FORM, body });
  const text = await response.text();
  if (response.status !== 200)
    throw new Error(`token request answered ${response.status}: ${text.slice(0, 300)}`);
  const json = JSON.parse(text) as { access_token?: string };
  if (!json.access_token) throw new Error(`no access_token in ${text.slice(0, 300)}`);
  const { header } = decodeJwt(json.access_token);
  if (header.alg !== 'RS256') throw new Error(`access token signed with ${String(header.alg)}, not RS256`);
  return json.access_token;
}
