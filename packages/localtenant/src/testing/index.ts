/**
 * localtenant/testing: localtenant inside a test suite. `startLocalTenant()` runs it on a free port with a
 * temporary data directory and a test clock, and gives real tokens (`tokenFor`, `appTokenFor`) and a Playwright
 * sign-in (`signIn`); `connect()` reaches it from test files when a runner's global setup started it in another
 * process. Recipes for Vitest, Jest, node:test and Playwright: the package README.
 */
export type { TestClock } from './clock.ts';
export { CONNECTION_ENV, type Connection, connect, type TestClient } from './connection.ts';
export type { CreateAppRequest, CreatedApp, CreatedUser, CreateUserRequest } from './graph.ts';
export type { SignInPage } from './playwright.ts';
export { startLocalTenant, type TestLocalTenant, type TestTenantOptions } from './start.ts';
export type { AppTokenRequest, UserTokenRequest } from './tokens.ts';
export { trustCaForFetch } from './trust.ts';
