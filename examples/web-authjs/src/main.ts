import { randomBytes } from 'node:crypto';
import { createWebApp } from './app.ts';
import { authConfig } from './auth.ts';

const env = process.env;
const port = Number(env.PORT ?? 3100);
const config = authConfig({
  // The demo tenant's my-authjs-web registration (examples/tenant.yaml).
  clientId: env.AUTH_MICROSOFT_ENTRA_ID_ID ?? '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b',
  clientSecret: env.AUTH_MICROSOFT_ENTRA_ID_SECRET ?? 'authjs-demo-secret-7Rw~mK4tJ9vB',
  issuer:
    env.AUTH_MICROSOFT_ENTRA_ID_ISSUER ?? 'https://localhost:8443/6e3f2a4c-8b1d-4c7e-9f0a-2b3c4d5e6f70/v2.0',
  // Without AUTH_SECRET, sessions last as long as this process.
  secret: env.AUTH_SECRET ?? randomBytes(32).toString('base64url'),
});
createWebApp(config).listen(port, 'localhost', () => {
  process.stdout.write(
    `Auth.js example on http://localhost:${port} (localtenant must run with --issuer local)\n`,
  );
});
