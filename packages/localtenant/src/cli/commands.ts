import { caCommand } from './ca.ts';
import { checkCommand } from './check.ts';
import type { Command } from './command.ts';
import { doctorCommand } from './doctor.ts';
import { exportCommand } from './export.ts';
import { federationTokenCommand } from './federation.ts';
import { initCommand } from './init.ts';
import { keysRotateCommand } from './keys.ts';
import { managedIdentityEnvCommand } from './managed-identity.ts';
import { pkceCommand } from './pkce.ts';
import { startCommand } from './start.ts';
import { waitReadyCommand } from './wait-ready.ts';

/** Every CLI command, in the order the usage lists them. Adding a command: a file in src/cli/ + one entry. */
export const COMMANDS: readonly Command[] = [
  startCommand,
  waitReadyCommand,
  initCommand,
  keysRotateCommand,
  pkceCommand,
  doctorCommand,
  checkCommand,
  caCommand,
  exportCommand,
  managedIdentityEnvCommand,
  federationTokenCommand,
] as readonly Command[];
