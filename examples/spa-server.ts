/**
 * Starts the example SPA from Node: Vite's dev server (for `npm start`) or a production build served by
 * Vite's preview server (for the browser tests: no on-the-fly compilation in the middle of a sign-in).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, createServer, preview } from 'vite';

const root = fileURLToPath(new URL('./spa/', import.meta.url));

/** The SPA's `VITE_*` settings (see examples/spa/src/config.ts); unset ones take the demo tenant's values. */
export interface SpaEnv {
  VITE_AUTHORITY?: string;
  VITE_CLIENT_ID?: string;
  VITE_API_SCOPE?: string;
  VITE_API_URL?: string;
  VITE_TOKEN_RENEWAL_OFFSET_SECONDS?: string;
  VITE_REFRESH_TOKEN_EXPIRATION_OFFSET_SECONDS?: string;
}

/** Options of {@link startSpa}. */
export interface StartSpaOptions {
  /** `dev` (hot reload) or `preview` (a production build). Default `dev`. */
  mode?: 'dev' | 'preview';
  /** Port on localhost; 0 picks a free one. Default 3000. */
  port?: number;
  env?: SpaEnv;
}

/** A running SPA server. */
export interface SpaServer {
  /** e.g. `http://localhost:3000` (no trailing slash). */
  url: string;
  close(): Promise<void>;
}

/** Vite reads `VITE_*` variables from process.env when it resolves its configuration: set them for that moment. */
async function withEnv<T>(env: SpaEnv, fn: () => Promise<T>): Promise<T> {
  const saved = new Map(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await fn();
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

function urlOf(server: { address(): AddressInfo | string | null } | null | undefined): string {
  const address = server?.address();
  if (!address || typeof address === 'string') throw new Error('the SPA server is not listening');
  return `http://localhost:${address.port}`;
}

/** Starts the SPA on http://localhost:<port>. */
export async function startSpa(options: StartSpaOptions = {}): Promise<SpaServer> {
  const { mode = 'dev', port = 3000, env = {} } = options;
  const server = { host: 'localhost', port, strictPort: port !== 0 };
  if (mode === 'dev') {
    const vite = await withEnv(env, () =>
      createServer({ root, server, logLevel: 'warn', clearScreen: false }),
    );
    await vite.listen();
    return { url: urlOf(vite.httpServer), close: () => vite.close() };
  }
  const outDir = await mkdtemp(join(tmpdir(), 'localtenant-spa-'));
  await withEnv(env, () => build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } }));
  const previewServer = await preview({ root, preview: server, build: { outDir }, logLevel: 'warn' });
  return {
    url: urlOf(previewServer.httpServer),
    close: async () => {
      await previewServer.close();
      await rm(outDir, { recursive: true, force: true });
    },
  };
}
