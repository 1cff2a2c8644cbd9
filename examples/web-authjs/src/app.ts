import { ExpressAuth, type ExpressAuthConfig, getSession } from '@auth/express';
import express, { type Express } from 'express';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * The web app: Auth.js under `/auth` (sign-in page, callback, session, sign-out) and a home page that greets the
 * signed-in user by the name in the session.
 */
export function createWebApp(config: ExpressAuthConfig): Express {
  const app = express();
  app.set('trust proxy', true);
  app.use('/auth', ExpressAuth(config));
  app.get('/', async (req, res, next) => {
    try {
      const session = await getSession(req, config);
      const user = session?.user;
      const body = user
        ? `<p id="greeting">Signed in as <strong>${escapeHtml(user.name ?? '')}</strong> (${escapeHtml(user.email ?? '')})</p>
           <p><a href="/auth/signout">Sign out</a></p>`
        : `<p id="greeting">Not signed in.</p><p><a href="/auth/signin">Sign in</a></p>`;
      res
        .type('html')
        .send(`<!doctype html><title>Auth.js + localtenant</title><h1>Auth.js + localtenant</h1>${body}`);
    } catch (error) {
      next(error);
    }
  });
  return app;
}
