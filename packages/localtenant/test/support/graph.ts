import assert from 'node:assert/strict';
import { Client, GraphError } from '@microsoft/microsoft-graph-client';

/**
 * The Graph SDK, unmodified: its base URL, and the host in `customHosts` (the SDK's documented option for
 * national clouds and proxies; without it the SDK sends no token to a host it does not know).
 */
export function graphClient(lt: { url: string }, token: string): Client {
  return Client.init({
    baseUrl: `${lt.url}/`,
    customHosts: new Set([new URL(lt.url).hostname]),
    authProvider: (done) => done(null, token),
  });
}

/** The GraphError a call must end in (fails the test if Graph answered 2xx). */
export async function graphFailure(call: Promise<unknown>): Promise<GraphError> {
  const err = await call.then(
    () => assert.fail('Graph answered 2xx'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof GraphError, String(err));
  return err;
}
