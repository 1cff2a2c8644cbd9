import { settings } from './config.ts';

/** What the API answered, as the SPA shows it. */
export interface ApiAnswer {
  path: string;
  /** Which token was sent: the access token (right) or the ID token (the classic mistake). */
  sent: 'access token' | 'ID token';
  status: number;
  body: unknown;
  /** The RFC 6750 challenge, when the API exposes it to the browser (Access-Control-Expose-Headers). */
  wwwAuthenticate: string | null;
}

/** Calls the API with `Authorization: Bearer <token>`. */
export async function callApi(path: string, token: string, sent: ApiAnswer['sent']): Promise<ApiAnswer> {
  const response = await fetch(new URL(path, settings.apiUrl), {
    headers: { Authorization: `Bearer ${token}` },
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: show the text
  }
  return {
    path,
    sent,
    status: response.status,
    body,
    wwwAuthenticate: response.headers.get('WWW-Authenticate'),
  };
}
