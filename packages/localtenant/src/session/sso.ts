import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { ServerContext } from '../context.ts';
import type { Directory, DirectoryUser } from '../directory/directory.ts';
import type { StoredSession } from '../storage/sessions.ts';

/**
 * The SSO cookie. `SameSite=None; Secure` because MSAL.js renews tokens silently in a hidden iframe
 * (`prompt=none`) from the app's origin: `http://localhost:3000` and `https://localhost:8443` differ in scheme,
 * so Chromium's schemeful same-site treats the iframe as cross-site and would withhold a Lax cookie. The
 * `__Host-` prefix pins it to this origin (Secure, Path=/, no Domain). HttpOnly: scripts never read it.
 */
export const SSO_COOKIE = '__Host-lt_sso';

/** How long an SSO session lives (Entra keeps a browser session for a day of inactivity or so). */
export const SESSION_LIFETIME_MS = 24 * 3600 * 1000;

/** At most this many accounts are remembered in one browser. */
const MAX_ACCOUNTS = 5;

/** A live SSO session of this browser and its user. */
export interface LiveSession {
  session: StoredSession;
  user: DirectoryUser;
  /** The tenant of `user`: one cookie holds the sessions of every tenant (docs/fidelity.md#home-realm-discovery). */
  tenant: Directory;
  /** The cookie entry (`sid.secret`). */
  entry: string;
}

const hash = (secret: string) => createHash('sha256').update(secret).digest('base64url');

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The `sid.secret` entries of the cookie (malformed ones dropped). */
function cookieEntries(c: Context): string[] {
  const value = getCookie(c, SSO_COOKIE) ?? '';
  return value
    .split('|')
    .filter((e) => /^[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/.test(e))
    .slice(0, MAX_ACCOUNTS);
}

function writeCookie(c: Context, entries: string[]): void {
  if (entries.length === 0) {
    deleteCookie(c, SSO_COOKIE, { path: '/', secure: true });
    return;
  }
  setCookie(c, SSO_COOKIE, entries.join('|'), {
    path: '/',
    secure: true,
    httpOnly: true,
    sameSite: 'None',
  });
}

/** The live sessions this browser holds, in every tenant of the server, most recent first. */
export async function liveSessions(ctx: ServerContext, c: Context): Promise<LiveSession[]> {
  const now = ctx.now();
  const found: LiveSession[] = [];
  for (const entry of cookieEntries(c)) {
    const [sid = '', secret = ''] = entry.split('.');
    const session = await ctx.storage.sessions.live(sid, now);
    if (!session?.secret_hash || !sameHash(session.secret_hash, hash(secret))) continue;
    const tenant = ctx.tenants.all.find((d) => d.user(session.user_id)) ?? ctx.directory;
    const user = tenant.user(session.user_id);
    if (!user?.user.accountEnabled) continue;
    found.push({ session, user, tenant, entry });
  }
  return found;
}

/**
 * Starts an SSO session after a password sign-in and remembers it in the cookie, replacing an older session of
 * the same user. The session id is a GUID: the ID token's `sid`; the cookie's secret half never leaves the browser.
 */
export async function startSession(
  ctx: ServerContext,
  c: Context,
  user: DirectoryUser,
): Promise<LiveSession> {
  const tenant = ctx.directory;
  const now = ctx.now();
  const existing = await liveSessions(ctx, c);
  for (const old of existing.filter((s) => s.user.user.id === user.user.id)) {
    await ctx.storage.sessions.end(old.session.id, now);
  }
  const id = randomUUID();
  const secret = randomBytes(32).toString('base64url');
  const session: StoredSession = {
    id,
    user_id: user.user.id,
    auth_time: now,
    created_at: now,
    expires_at: now + SESSION_LIFETIME_MS,
    ended_at: null,
    secret_hash: hash(secret),
  };
  await ctx.storage.sessions.insert(session);
  const entry = `${id}.${secret}`;
  const others = existing.filter((s) => s.user.user.id !== user.user.id).map((s) => s.entry);
  writeCookie(c, [entry, ...others].slice(0, MAX_ACCOUNTS));
  return { session, user, tenant, entry };
}

/**
 * Ends every session of this browser and clears the cookie (sign-out, docs/fidelity.md#sessions-and-sign-out). Returns
 * how many ended.
 */
export async function endSessions(ctx: ServerContext, c: Context): Promise<number> {
  const sessions = await liveSessions(ctx, c);
  for (const s of sessions) await ctx.storage.sessions.end(s.session.id, ctx.now());
  if (getCookie(c, SSO_COOKIE) !== undefined) writeCookie(c, []);
  return sessions.length;
}
