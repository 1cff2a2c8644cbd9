/**
 * localtenant: a Microsoft Entra ID-compatible identity platform on localhost.
 * `start()` runs it over HTTPS; `createApp()` + `createContext()` give the web-standard app for in-process use.
 */
export { createApp } from './app.ts';
export type { ServerContext } from './context.ts';
export { Directory } from './directory/directory.ts';
export { loadTenantFile, TenantFileError, validateTenant } from './directory/load.ts';
export type { Application, TenantFile, TenantFileInput } from './directory/schema.ts';
export { EntraError } from './errors/entra-error.ts';
export { type StopSignal, stopOnSignals } from './lifecycle/signals.ts';
export {
  createContext,
  DEMO_TENANT_PATH,
  type LocalTenant,
  loadTenant,
  type StartOptions,
  start,
} from './server.ts';
export { ensureDevTls, trustInstructions } from './tls/dev-ca.ts';
