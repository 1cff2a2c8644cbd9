import type { Directory } from './directory/directory.ts';
import type { SigningKeys } from './keys/signing-keys.ts';
import type { Logger } from './logger.ts';
import type { Storage } from './storage/storage.ts';

/** Everything an endpoint needs, built once at start-up. */
export interface ServerContext {
  directory: Directory;
  storage: Storage;
  keys: SigningKeys;
  /** Milliseconds since the epoch; replaceable in tests (a controllable clock). */
  now: () => number;
  log: Logger;
}
