import { loadTenantFile } from '../directory/load.ts';
import { DEMO_TENANT_PATH } from '../server.ts';
import type { CliOptions } from './main.ts';

/** `localtenant check`: validates a tenant file and summarises it. */
export async function checkCommand(options: CliOptions): Promise<void> {
  const path = options.tenant ?? DEMO_TENANT_PATH;
  const t = await loadTenantFile(path);
  process.stdout.write(
    `${path} is valid: tenant ${t.tenant.id} (${t.tenant.domain}), ${t.users.length} users, ${t.applications.length} applications.\n`,
  );
}
