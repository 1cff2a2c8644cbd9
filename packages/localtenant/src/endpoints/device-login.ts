import type { Context, Hono } from 'hono';
import { begin } from '../authorize/flow.ts';
import { showError } from '../authorize/respond.ts';
import { steps } from '../authorize/steps.ts';
import type { ServerContext } from '../context.ts';
import { DEVICE_LOGIN_PATH } from '../device/codes.ts';
import { deviceContext, deviceInteraction, pendingByUserCode } from '../device/sign-in.ts';
import { EntraError } from '../errors/entra-error.ts';
import { parseForm } from '../http/form.ts';
import { idsFor } from '../http/respond.ts';
import { checkCsrf, csrfToken } from '../session/csrf.ts';
import { deviceCodePage, deviceConfirmPage } from '../ui/device.ts';
import { pageHeaders } from '../ui/layout.ts';

/** The code page again, with what went wrong (AADSTS70018 / 70019) under the field. */
function codePage(c: Context, code: string, err?: EntraError): Response | Promise<Response> {
  const error = err ? `AADSTS${err.code}: ${err.description}` : undefined;
  return c.html(
    deviceCodePage({ action: DEVICE_LOGIN_PATH, csrf: csrfToken(c), code, ...(error ? { error } : {}) }),
    200,
    pageHeaders,
  );
}

/** A user-code problem goes back to the code page; anything else is the error page. */
function fail(ctx: ServerContext, c: Context, code: string, err: unknown): Response | Promise<Response> {
  if (err instanceof EntraError && err.key.startsWith('userCode')) return codePage(c, code, err);
  return showError(ctx, c, idsFor(c), err);
}

/**
 * The device page, as a checklist. `GET /devicelogin`: the code field. `POST /devicelogin`: the CSRF check, then
 * the code (unknown AADSTS70018, expired or used 70019, on the page), then "Are you trying to sign in to …?".
 * `POST /devicelogin/confirm`: Continue starts the sign-in of /authorize (the SSO session applies), Cancel
 * declines. `POST /devicelogin/{login,password,account,consent}`: the sign-in steps of /authorize, each
 * re-reading the pending authorization; they end on "You may now close this window" (src/device/sign-in.ts).
 */
export function mountDeviceLogin(app: Hono, ctx: ServerContext): void {
  app.get(DEVICE_LOGIN_PATH, (c) => codePage(c, ''));
  app.post(DEVICE_LOGIN_PATH, async (c) => {
    let code = '';
    try {
      const form = await parseForm(c.req.raw);
      checkCsrf(c, form.get('csrf'));
      code = (form.get('otc') ?? '').slice(0, 32);
      const row = await pendingByUserCode(ctx, code);
      const client = deviceContext(ctx, row).directory.application(row.client_id);
      const q = new URLSearchParams({ user_code: code }).toString();
      return c.html(
        deviceConfirmPage({
          action: `${DEVICE_LOGIN_PATH}/confirm`,
          q,
          csrf: csrfToken(c),
          appName: client?.app.displayName ?? row.client_id,
        }),
        200,
        pageHeaders,
      );
    } catch (err) {
      return fail(ctx, c, code, err);
    }
  });
  app.post(`${DEVICE_LOGIN_PATH}/:step`, async (c) => {
    let code = '';
    try {
      const name = c.req.param('step') ?? '';
      const form = await parseForm(c.req.raw);
      checkCsrf(c, form.get('csrf'));
      code = new URLSearchParams(form.get('q') ?? '').get('user_code') ?? '';
      const i = await deviceInteraction(ctx, c, idsFor(c), code);
      if (name === 'confirm') {
        return form.get('decision') === 'continue' ? await begin(i) : await i.outcome.decline(i);
      }
      const step = Object.hasOwn(steps, name) ? steps[name] : undefined;
      if (!step) return codePage(c, '');
      return await step(i, form);
    } catch (err) {
      return fail(ctx, c, code, err);
    }
  });
}
