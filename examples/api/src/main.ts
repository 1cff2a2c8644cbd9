/**
 * Runs the example API on PORT (default 4000). Configuration: AUTHORITY (or LOCALTENANT_AUTHORITY),
 * AUDIENCE (comma-separated), CORS_ORIGINS (comma-separated). Fetching localtenant's keys over HTTPS
 * needs its development CA: run through `scripts/with-dev-ca.ts` or set NODE_EXTRA_CA_CERTS.
 */
import { configFromEnv, createApi } from './app.ts';

const config = configFromEnv();
const port = Number(process.env.PORT ?? 4000);
const app = createApi({
  ...config,
  onRejected: (rejection, correlationId) => {
    console.warn(
      JSON.stringify({
        level: 'warn',
        msg: 'token refused',
        code: rejection.code,
        detail: rejection.detail,
        correlationId,
      }),
    );
  },
});
const server = app.listen(port, () => {
  console.log(`example API on http://localhost:${port} (authority ${config.authority})`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
