import type { Context, Hono } from 'hono';
import { begin } from '../authorize/flow.ts';
import type { Interaction } from '../authorize/interaction.ts';
import { type ErrorDestination, validateRequest } from '../authorize/request.ts';
import { redirectError, showError } from '../authorize/respond.ts';
import { steps } from '../authorize/steps.ts';
import { resolveTarget } from '../authorize/target.ts';
import type { ServerContext } from '../context.ts';
import { aadsts } from '../errors/entra-error.ts';
import { type RequestIds, requestIds } from '../errors/render.ts';
import { type FormParams, parseForm } from '../http/form.ts';
import { idsFor } from '../http/respond.ts';
import { checkCsrf } from '../session/csrf.ts';
import { noteEvent } from '../sign-in-log/event.ts';
import { tenantContext } from './tenant.ts';

/** The authorize parameters: the query of a GET, the form of a POST (docs/fidelity.md#authorize-parameters). */
async function readParams(c: Context): Promise<URLSearchParams> {
  if (c.req.method === 'GET') return new URL(c.req.url).searchParams;
  return new URLSearchParams([...(await parseForm(c.req.raw))]);
}

function idsOf(c: Context, params: URLSearchParams): RequestIds {
  const ids = requestIds(params.get('client-request-id'));
  c.set('ids' as never, ids as never);
  return ids;
}

/**
 * Answers an authorize request as a checklist: (1) the parameters; (2) tenant, client and redirect URI, whose errors
 * are shown on a page (docs/fidelity.md#redirect-uris); (3) the rest of the request, whose errors go to the redirect
 * URI in the response mode (docs/fidelity.md#errors); (4) `then`: the first page, or the next step of the sign-in
 * forms.
 */
async function answer(
  serverCtx: ServerContext,
  c: Context,
  read: () => Promise<URLSearchParams>,
  then: (i: Interaction) => Promise<Response>,
): Promise<Response> {
  let ids = idsFor(c);
  let ctx = serverCtx;
  try {
    const params = await read();
    ids = idsOf(c, params);
    ctx = tenantContext(serverCtx, c.req.param('tenant') ?? '').ctx;
    noteEvent(c, {
      clientId: params.get('client_id') ?? '',
      flow: params.get('response_type') ?? '',
      scope: params.get('scope') ?? '',
      redirectUri: params.get('redirect_uri') ?? '',
    });
    const target = resolveTarget(ctx, c.req.param('tenant') ?? '', params);
    const dest: ErrorDestination = { uri: target.redirect.uri, mode: 'query', state: undefined };
    try {
      const req = validateRequest(ctx, target, params, dest);
      return await then({ ctx, c, ids, dest, req });
    } catch (err) {
      return redirectError(ctx, c, ids, dest, err);
    }
  } catch (err) {
    return showError(ctx, c, ids, err);
  }
}

/** The sign-in form steps: the CSRF check, then the authorize parameters carried in `q`, validated again. */
function formStep(ctx: ServerContext) {
  return async (c: Context) => {
    const step = steps[c.req.param('step') ?? ''];
    if (!step || !Object.hasOwn(steps, c.req.param('step') ?? '')) {
      return showError(ctx, c, idsFor(c), aadsts('malformedRequest', {}, 'unknown sign-in step'));
    }
    let form: FormParams = new Map();
    return answer(
      ctx,
      c,
      async () => {
        form = await parseForm(c.req.raw);
        checkCsrf(c, form.get('csrf'));
        return new URLSearchParams(form.get('q') ?? '');
      },
      (i) => step(i, form),
    );
  };
}

/**
 * `GET|POST /{tenant}/oauth2/v2.0/authorize` and the sign-in, account-picker and consent forms it shows
 * (`POST …/authorize/{login,password,account,consent}`).
 */
export function mountAuthorize(app: Hono, ctx: ServerContext): void {
  const path = '/:tenant/oauth2/v2.0/authorize';
  app.on(['GET', 'POST'], path, (c) => answer(ctx, c, () => readParams(c), begin));
  app.post(`${path}/:step`, formStep(ctx));
}
