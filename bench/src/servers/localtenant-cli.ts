/**
 * localtenant as its users run it: the CLI (`localtenant start`), which runs its esbuild bundle when that is
 * fresh and the TypeScript sources through tsx otherwise, and sizes the thread pool itself. Started by the
 * runner directly (no IPC): the base URL and tenant id are read from what it prints.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clientCredentialsForm, DEMO, PKCE } from '../config.ts';
import type { Child } from '../harness/child.ts';
import { startCliChild } from '../harness/cli-child.ts';
import { CODE_SCOPE } from '../harness/sign-in.ts';
import type { ServerInfo } from './info.ts';

/** packages/localtenant/ (the package's main export is src/index.ts). */
const packageRoot = new URL('../', import.meta.resolve('localtenant'));
const bin = fileURLToPath(new URL('bin/localtenant.js', packageRoot));

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) latest = Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

/** Whether the CLI will run its bundle (the same test as bin/localtenant.js: built after every source). */
export function cliRunsBundle(): boolean {
  const bundle = fileURLToPath(new URL('dist/cli.mjs', packageRoot));
  if (!existsSync(bundle)) return false;
  const built = statSync(bundle).mtimeMs;
  const sources = [new URL('src', packageRoot), new URL('../guard/src', packageRoot)].map((u) =>
    fileURLToPath(u),
  );
  return sources.every((dir) => !existsSync(dir) || newest(dir) <= built);
}

/** Starts `localtenant start` on a free port with a fresh data directory and the demo tenant. */
export async function startLocaltenantCli(
  options: { nodeFlags?: string[] } = {},
): Promise<Child<ServerInfo>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'localtenant-bench-'));
  const removeDataDir = () => rmSync(dataDir, { recursive: true, force: true });
  let child: Child<ServerInfo>;
  try {
    child = await startCliChild<ServerInfo>('localtenant', bin, {
      args: ['start', '--port', '0', '--data-dir', dataDir, '--log-level', 'warn'],
      nodeFlags: options.nodeFlags ?? [],
      parse(stdout) {
        const url = /running at (https:\/\/[^\s]+)/.exec(stdout)?.[1];
        const tenantId = /Tenant: .*\(([0-9a-f-]{36}),/.exec(stdout)?.[1];
        if (!url || !tenantId) return undefined;
        const base = `${url}/${tenantId}`;
        return {
          url,
          tenantId,
          tokenUrl: `${base}/oauth2/v2.0/token`,
          authorizeUrl: `${base}/oauth2/v2.0/authorize`,
          discoveryUrl: `${base}/v2.0/.well-known/openid-configuration`,
          jwksUrl: `${base}/discovery/v2.0/keys`,
          ccBody: clientCredentialsForm(),
          startMs: Number.NaN,
          codeForm: {
            grant_type: 'authorization_code',
            client_id: DEMO.web.clientId,
            client_secret: DEMO.web.secret,
            redirect_uri: DEMO.web.redirectUri,
            code_verifier: PKCE.verifier,
            scope: CODE_SCOPE,
          },
        };
      },
    });
  } catch (error) {
    removeDataDir();
    throw error;
  }
  const stop = child.stop;
  return {
    ...child,
    stop: async (graceMs?: number) => {
      await stop(graceMs);
      removeDataDir();
    },
  };
}
