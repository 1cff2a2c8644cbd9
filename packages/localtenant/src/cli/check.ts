import { loadTenantFile } from '../directory/load.ts';
import { DEMO_TENANT_PATH } from '../server.ts';
import { commonOptions, defineCommand } from './command.ts';

/** `localtenant check`: validates a tenant file and summarises it. */
export const checkCommand = defineCommand({
  name: 'check',
  summary: 'validate a tenant file (the demo tenant without --tenant)',
  synopsis: '[--tenant FILE]',
  options: { tenant: commonOptions.tenant },
  async run(options) {
    const path = options.tenant ?? DEMO_TENANT_PATH;
    const t = await loadTenantFile(path);
    process.stdout.write(
      `${path} is valid: tenant ${t.tenant.id} (${t.tenant.domain}), ${t.users.length} users, ${t.applications.length} applications.\n`,
    );
    return 0;
  },
});
