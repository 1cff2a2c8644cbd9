/**
 * `npm start`: the whole scenario on localhost — localtenant with the demo tenant on https://localhost:8443,
 * the protected API on http://localhost:4000 and the SPA on http://localhost:3000. Ctrl-C stops all three.
 * Environment: LOCALTENANT_PORT, API_PORT, SPA_PORT, LOCALTENANT_DATA_DIR (default `.localtenant`).
 */
import { fileURLToPath } from 'node:url';
import { start, stopOnSignals } from 'localtenant';
import { startApiProcess } from './api-process.ts';
import { banner } from './banner.ts';
import { startSpa } from './spa-server.ts';

const tenantFile = fileURLToPath(new URL('./tenant.yaml', import.meta.url));
const ports = {
  localtenant: Number(process.env.LOCALTENANT_PORT ?? 8443),
  api: Number(process.env.API_PORT ?? 4000),
  spa: Number(process.env.SPA_PORT ?? 3000),
};

/** State (users' consents, sessions, signing keys) survives restarts here. */
const dataDir = process.env.LOCALTENANT_DATA_DIR ?? '.localtenant';

const closers: (() => Promise<void>)[] = [];
async function closeAll(): Promise<void> {
  for (const close of closers.splice(0).reverse()) await close().catch((e: unknown) => console.error(e));
}
// Ctrl-C stops gracefully (localtenant answers what is in flight and closes its storage); again, a second
// later, quits at once.
stopOnSignals(async () => {
  await closeAll();
  return 0;
});

try {
  const lt = await start({ tenant: tenantFile, port: ports.localtenant, dataDir });
  closers.push(() => lt.close());
  const { authority, caCertPath } = lt;
  if (!caCertPath) throw new Error('localtenant started without its development CA');
  const api = await startApiProcess({
    port: ports.api,
    caCertPath,
    env: { LOCALTENANT_AUTHORITY: authority },
  });
  closers.push(() => api.close());
  const spa = await startSpa({
    port: ports.spa,
    env: { VITE_AUTHORITY: authority, VITE_API_URL: api.url },
  });
  closers.push(() => spa.close());
  console.log(
    await banner({
      tenantFile,
      localtenantUrl: lt.url,
      tenantId: lt.tenantId,
      apiUrl: api.url,
      spaUrl: spa.url,
      caCertPath,
    }),
  );
} catch (error) {
  console.error('npm start failed:', error instanceof Error ? error.message : error);
  if (String(error).includes('EADDRINUSE')) {
    console.error(
      'A port is taken: set LOCALTENANT_PORT, API_PORT or SPA_PORT (the SPA must stay on localhost).',
    );
  }
  await closeAll();
  process.exit(1);
}
