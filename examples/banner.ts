/** What `npm start` prints: the three URLs, the demo users, and how to trust the development CA. */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';

interface TenantFile {
  users?: { userPrincipalName?: string; displayName?: string; password?: string }[];
}

/** The one command that makes this machine's browsers trust the development CA. */
export function trustCommand(caCertPath: string, platform = process.platform): string {
  if (platform === 'darwin') {
    return `sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain "${caCertPath}"`;
  }
  if (platform === 'win32') return `certutil -user -addstore Root "${caCertPath}"`;
  // Chrome, Chromium and Edge on Linux read the user's NSS database (certutil: package libnss3-tools).
  return `certutil -d sql:$HOME/.pki/nssdb -A -t "C,," -n "localtenant development CA" -i "${caCertPath}"`;
}

/** The daemon defaults to the demo ports; tell it where things are when they moved. */
function daemonEnv(options: { localtenantUrl: string; tenantId: string; apiUrl: string }): string {
  const authority = `${options.localtenantUrl}/${options.tenantId}`;
  const moved =
    options.localtenantUrl !== 'https://localhost:8443' || options.apiUrl !== 'http://localhost:4000';
  return moved ? `LOCALTENANT_AUTHORITY=${authority} API_URL=${options.apiUrl} ` : '';
}

/** The banner, as lines. */
export async function banner(options: {
  tenantFile: string;
  localtenantUrl: string;
  tenantId: string;
  apiUrl: string;
  spaUrl: string;
  caCertPath: string;
}): Promise<string> {
  const tenant = parse(await readFile(options.tenantFile, 'utf8')) as TenantFile;
  const users = (tenant.users ?? []).map(
    (u) => `    ${u.userPrincipalName}  password: ${u.password ?? '(none)'}  (${u.displayName ?? ''})`,
  );
  return [
    '',
    'localtenant scenario is running:',
    `  SPA          ${options.spaUrl}          <- open this and sign in`,
    `  API          ${options.apiUrl}          (GET /secure-data, GET /app-data)`,
    `  localtenant  ${options.localtenantUrl}/${options.tenantId}`,
    '',
    '  Demo users:',
    ...users,
    '',
    `  Your browser must trust localtenant's development CA (${options.caCertPath}).`,
    `  If ${options.localtenantUrl} shows a certificate warning, run once, then restart the browser:`,
    `    ${trustCommand(options.caCertPath)}`,
    ...(process.platform === 'linux'
      ? ['    (certutil comes with libnss3-tools; Firefox keeps its own list: Settings > Certificates)']
      : []),
    '',
    '  The daemon (client credentials -> GET /app-data), in another terminal:',
    `    ${daemonEnv(options)}NODE_EXTRA_CA_CERTS="${options.caCertPath}" npm start -w examples/daemon`,
    '',
    '  Ctrl-C stops all three.',
    '',
  ].join('\n');
}
