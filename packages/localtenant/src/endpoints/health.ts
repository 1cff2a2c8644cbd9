import type { Hono } from 'hono';
import type { ServerContext } from '../context.ts';
import { checkHealth } from '../lifecycle/health.ts';

/** Headers of health answers: never cached, JSON. */
export const healthHeaders = {
  'Cache-Control': 'no-store',
  'Content-Type': 'application/json; charset=utf-8',
  'X-Content-Type-Options': 'nosniff',
} as const;

/**
 * `GET /health` (docs/fidelity.md#health): 200 `{"status":"UP",…}` once keys and storage answer, 503 `DOWN` while
 * starting or stopping or when a check fails. For compose `healthcheck:`, CI scripts and `localtenant wait-ready`.
 */
export function mountHealth(app: Hono, ctx: ServerContext): void {
  app.get('/health', async (c) => {
    const body = await checkHealth(ctx);
    return c.body(JSON.stringify(body), body.status === 'UP' ? 200 : 503, healthHeaders);
  });
}
