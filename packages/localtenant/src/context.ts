import type { Directory } from './directory/directory.ts';
import type { Tenants } from './directory/tenants.ts';
import type { SigningKeys } from './keys/signing-keys.ts';
import type { Lifecycle } from './lifecycle/lifecycle.ts';
import type { Logger } from './logger.ts';
import type { Purger } from './purge/purger.ts';
import type { Storage } from './storage/storage.ts';
import type { Issuers } from './tokens/issuers.ts';

/** Everything an endpoint needs, built once at start-up. */
export interface ServerContext {
  /** The directory of the tenant the request addresses (the first tenant's outside a request). */
  directory: Directory;
  /** Every tenant of the server (docs/fidelity.md#several-tenants). */
  tenants: Tenants;
  storage: Storage;
  keys: SigningKeys;
  /** Milliseconds since the epoch; replaceable in tests (a controllable clock). */
  now: () => number;
  log: Logger;
  /** The issuer strings of tokens and metadata (docs/fidelity.md#issuer-mode). */
  issuers: Issuers;
  /**
   * The background purge of expired rows. `start()` runs it on a timer; `purger.runOnce()` runs one pass now (for
   * tests that move the clock, and for in-process use of `createContext`, which starts no timer).
   */
  purger: Purger;
  /**
   * Ready, stopping or stopped, and what stopping takes: register background work's end with
   * `lifecycle.onStop('background', name, fn)`; `lifecycle.stop()` ends it all and closes storage.
   */
  lifecycle: Lifecycle;
}
