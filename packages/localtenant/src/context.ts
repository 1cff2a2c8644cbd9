import type { Directory } from './directory/directory.ts';
import type { SigningKeys } from './keys/signing-keys.ts';
import type { Logger } from './logger.ts';
import type { Storage } from './storage/storage.ts';
import type { Issuers } from './tokens/issuers.ts';

/** Everything an endpoint needs, built once at start-up. */
export interface ServerContext {
  directory: Directory;
  storage: Storage;
  keys: SigningKeys;
  /** Milliseconds since the epoch; replaceable in tests (a controllable clock). */
  now: () => number;
  log: Logger;
  /** The issuer strings of tokens and metadata (docs/fidelity.md#issuer-mode). */
  issuers: Issuers;
}
