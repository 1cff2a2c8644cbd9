import { sql } from 'kysely';
import type { ServerContext } from '../context.ts';
import type { LifecycleState } from './lifecycle.ts';

/** How long a health check waits for storage before it reports it down. */
const CHECK_TIMEOUT_MS = 2_000;

/** One check of a health answer. */
export interface HealthCheck {
  name: 'storage' | 'signing-keys';
  status: 'UP' | 'DOWN';
}

/**
 * The body of `GET /health`, in Keycloak's shape (docs/fidelity.md#health): `status` UP only when every check is
 * UP and the server is `ready`. No secret, key material, connection string or path.
 */
export interface HealthBody {
  status: 'UP' | 'DOWN';
  state: LifecycleState;
  checks: HealthCheck[];
}

/** The answer while the server cannot serve (starting, stopping): 503 without running any check. */
export function notReady(state: LifecycleState): HealthBody {
  return { status: 'DOWN', state, checks: [] };
}

/**
 * Checks readiness cheaply: a trivial read of storage (no write) and the in-memory signing key (storage is read
 * again at most every two seconds), each within a timeout.
 */
export async function checkHealth(ctx: ServerContext): Promise<HealthBody> {
  const state = ctx.lifecycle.state;
  if (state !== 'ready') return notReady(state);
  const [storage, keys] = await Promise.all([
    check('storage', () => sql`select 1 as one`.execute(ctx.storage.db)),
    check('signing-keys', () => ctx.keys.active()),
  ]);
  const checks = [storage, keys];
  const up = checks.every((c) => c.status === 'UP') && ctx.lifecycle.state === 'ready';
  return { status: up ? 'UP' : 'DOWN', state: ctx.lifecycle.state, checks };
}

async function check(name: HealthCheck['name'], probe: () => Promise<unknown>): Promise<HealthCheck> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error('timeout')), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([probe(), timeout]);
    return { name, status: 'UP' };
  } catch {
    return { name, status: 'DOWN' };
  } finally {
    clearTimeout(timer);
  }
}
