import { fileURLToPath } from 'node:url';

/** Tenant files the tests run against. */
export const tenants = {
  /** The demo tenant, exactly as `npm start` runs it. */
  demo: fileURLToPath(new URL('../../examples/tenant.yaml', import.meta.url)),
  /** The demo tenant with 20-second access tokens. */
  shortTokens: fileURLToPath(new URL('../fixtures/short-tokens.yaml', import.meta.url)),
  /** The demo tenant with a 30-second SPA refresh-token lifetime (Entra: 24 hours). */
  spaRefreshLimit: fileURLToPath(new URL('../fixtures/spa-refresh-limit.yaml', import.meta.url)),
};

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
