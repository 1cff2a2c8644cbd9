import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { aadsts } from '../errors/entra-error.ts';

/** The CSRF cookie: random, HttpOnly, one hour. The forms carry a token derived from it (double submit). */
export const CSRF_COOKIE = '__Host-lt_csrf';
const LIFETIME_SECONDS = 3600;

const derive = (secret: string) =>
  createHash('sha256').update(`localtenant-form|${secret}`).digest('base64url');

/**
 * The token to put in a form's hidden `csrf` field, bound to this browser's CSRF cookie (set here when missing).
 * A page of another site can neither read the cookie nor the token, so it cannot forge a sign-in or consent post.
 * SameSite=Lax: the forms post to their own origin.
 */
export function csrfToken(c: Context): string {
  let secret = getCookie(c, CSRF_COOKIE);
  if (!secret || !/^[A-Za-z0-9_-]{43}$/.test(secret)) {
    secret = randomBytes(32).toString('base64url');
    setCookie(c, CSRF_COOKIE, secret, {
      path: '/',
      secure: true,
      httpOnly: true,
      sameSite: 'Lax',
      maxAge: LIFETIME_SECONDS,
    });
  }
  return derive(secret);
}

/** Checks a posted form's `csrf` field against the cookie; a mismatch is shown as an expired form. */
export function checkCsrf(c: Context, posted: string | undefined): void {
  const secret = getCookie(c, CSRF_COOKIE);
  if (!secret || !posted) throw aadsts('signInFormExpired', {}, 'missing CSRF cookie or field');
  const a = Buffer.from(derive(secret));
  const b = Buffer.from(posted);
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw aadsts('signInFormExpired', {}, 'CSRF token mismatch');
  }
}
