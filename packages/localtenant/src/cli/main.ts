import { parseArgs } from 'node:util';
import { TenantFileError } from '../directory/load.ts';
import { caCommand } from './ca.ts';
import { checkCommand } from './check.ts';
import { doctorCommand } from './doctor.ts';
import { federationTokenCommand } from './federation.ts';
import { keysCommand } from './keys.ts';
import { managedIdentityEnvCommand } from './managed-identity.ts';
import { pkceCommand } from './pkce.ts';
import { startCommand } from './start.ts';

const USAGE = `localtenant: a Microsoft Entra ID-compatible identity platform on localhost

Usage:
  localtenant start [--tenant FILE] [--port 8443] [--host localhost] [--data-dir .localtenant]
                    [--tls-cert FILE --tls-key FILE] [--postgres URL] [--log-level info]
                    [--issuer entra|local]   entra: Entra's issuer strings (default);
                                             local: this server's URL, for strict OIDC clients
  localtenant keys rotate [--tenant FILE] [--data-dir .localtenant] [--postgres URL]
  localtenant pkce                      print a PKCE code verifier and its S256 challenge
  localtenant doctor <jwt|-> [--authority URL] [--audience AUD]
                                        why is this token rejected? (- reads the token from stdin)
  localtenant check [--tenant FILE]     validate a tenant file
  localtenant ca [--data-dir .localtenant]
                                        print the development CA path and how to trust it
  localtenant managed-identity env [--client-id ID] [--shape app-service|app-service-2017|imds]
                    [--tenant FILE] [--port 8443]
                                        export lines that point ManagedIdentityCredential at localtenant
  localtenant federation token --subject SUB [--shape github|kubernetes|plain] [--audience AUD]
                    [--data-dir .localtenant] [--port 8443]
                                        a token from localtenant's own external issuer ({url}/federation)
                                        for workload identity federation (AZURE_FEDERATED_TOKEN_FILE)
`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  strict: true,
  options: {
    tenant: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    'data-dir': { type: 'string' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    postgres: { type: 'string' },
    'log-level': { type: 'string' },
    issuer: { type: 'string' },
    authority: { type: 'string' },
    audience: { type: 'string' },
    'client-id': { type: 'string' },
    shape: { type: 'string' },
    subject: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

/** Parsed command-line options shared by the commands. */
export type CliOptions = typeof values;

const [command, ...rest] = positionals;
try {
  if (values.help || !command) {
    process.stdout.write(USAGE);
    process.exitCode = command || values.help ? 0 : 2;
  } else if (command === 'start') await startCommand(values);
  else if (command === 'keys' && rest[0] === 'rotate') await keysCommand(values);
  else if (command === 'pkce') pkceCommand();
  else if (command === 'doctor') process.exitCode = await doctorCommand(rest[0], values);
  else if (command === 'check') await checkCommand(values);
  else if (command === 'ca') await caCommand(values);
  else if (command === 'managed-identity' && rest[0] === 'env')
    process.exitCode = await managedIdentityEnvCommand(values);
  else if (command === 'federation' && rest[0] === 'token')
    process.exitCode = await federationTokenCommand(values);
  else {
    process.stderr.write(`Unknown command "${positionals.join(' ')}".\n\n${USAGE}`);
    process.exitCode = 2;
  }
} catch (err) {
  if (err instanceof TenantFileError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(`localtenant: ${(err as Error).message}\n`);
  }
  process.exitCode = 1;
}
