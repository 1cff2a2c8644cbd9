import { availableParallelism } from 'node:os';
import { benchScript, type Child, startChild } from '../harness/child.ts';
import type { ServerInfo } from '../servers/info.ts';
import { startLocaltenantCli } from '../servers/localtenant-cli.ts';

/** The identity servers compared, in table order: localtenant first, then the peers. */
export const SYSTEMS = [
  { name: 'localtenant', script: 'servers/localtenant.ts', tls: 'HTTPS' },
  { name: 'oidc-provider', script: 'servers/oidc-provider.ts', tls: 'HTTPS' },
  { name: 'oauth2-mock-server', script: 'servers/oauth2-mock-server.ts', tls: 'HTTPS' },
] as const;

/**
 * The environment each system runs with. localtenant gets what its CLI (`packages/localtenant/bin`) sets
 * before anything starts: a thread pool of cores − 1 (an explicit UV_THREADPOOL_SIZE wins); the peers run as
 * shipped (Node's default pool of 4).
 */
function envFor(name: string): NodeJS.ProcessEnv {
  if (name !== 'localtenant' || process.env.UV_THREADPOOL_SIZE) return {};
  return { UV_THREADPOOL_SIZE: String(Math.max(1, availableParallelism() - 1)) };
}

/**
 * How localtenant is started: `cli` runs `localtenant start` as users do (its bundle when fresh);
 * `lib` calls `start()` from the TypeScript sources in a child script (readable profiles).
 */
export type LocaltenantMode = 'cli' | 'lib';

/** Starts one identity server in its own process. */
export function startSystem(
  name: string,
  options: { args?: string[]; nodeFlags?: string[]; mode?: LocaltenantMode } = {},
): Promise<Child<ServerInfo>> {
  const system = SYSTEMS.find((s) => s.name === name);
  if (!system) throw new Error(`unknown system ${name}`);
  if (name === 'localtenant' && (options.mode ?? localtenantMode) === 'cli') {
    return startLocaltenantCli({ nodeFlags: options.nodeFlags ?? [] });
  }
  return startChild<ServerInfo>(name, benchScript(system.script), { ...options, env: envFor(name) });
}

let localtenantMode: LocaltenantMode = 'cli';

/** Chooses how localtenant is started for the rest of the run. */
export function setLocaltenantMode(mode: LocaltenantMode): void {
  localtenantMode = mode;
}

/** Starts every identity server; one that fails to start is reported and left out. */
export async function startIdentityServers(log: (line: string) => void): Promise<Child<ServerInfo>[]> {
  const started: Child<ServerInfo>[] = [];
  for (const system of SYSTEMS) {
    try {
      started.push(await startSystem(system.name));
    } catch (error) {
      log(`! ${system.name} did not start: ${(error as Error).message}`);
    }
  }
  return started;
}
