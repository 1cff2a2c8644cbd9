import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { stringify } from 'yaml';
import { exportTenant, UNKNOWN_PASSWORD } from '../directory/export.ts';
import { loadTenant } from '../server.ts';
import { openStorage } from '../storage/open.ts';
import { commonOptions, defineCommand, postgresOption } from './command.ts';

/**
 * `localtenant export`: writes the current directory (the tenant file plus every user, group, app, role assignment
 * and consent written through Microsoft Graph) as a tenant file.
 */
export const exportCommand = defineCommand({
  name: 'export',
  summary: 'write the current directory (tenant file + what Graph created) as a tenant file',
  synopsis:
    '[--tenant FILE] [--data-dir .localtenant] [--postgres URL [--postgres-schema NAME]] [--out FILE]',
  details: `  --out FILE   where to write the YAML (default: standard output)

Passwords and client secrets created through Graph were kept as hashes only: users get the password
"${UNKNOWN_PASSWORD}" and apps their secrets' metadata without secretText; set them before using the file.`,
  options: { ...commonOptions, out: { type: 'string' } },
  async run(options) {
    const seed = await loadTenant(options.tenant);
    const { postgres } = postgresOption(options);
    const storage = await openStorage(
      postgres
        ? { kind: 'postgres', ...postgres }
        : { kind: 'sqlite', dataDir: resolve(options['data-dir'] ?? '.localtenant') },
    );
    try {
      const result = exportTenant(seed, await storage.directoryObjects.all(seed.tenant.id));
      const notes = [
        '# Exported by `localtenant export`: the tenant file and everything written through Microsoft Graph.',
        ...(result.usersWithoutPassword.length
          ? [
              `# Set the passwords of: ${result.usersWithoutPassword.join(', ')} (only their hashes were kept).`,
            ]
          : []),
        ...(result.appsWithoutSecret.length
          ? [`# Add secretText to the Graph-created secrets of: ${result.appsWithoutSecret.join(', ')}.`]
          : []),
      ];
      const yaml = `${notes.join('\n')}\n${stringify(result.file, { lineWidth: 0 })}`;
      if (options.out) {
        await writeFile(options.out, yaml);
        process.stderr.write(`Wrote ${options.out}\n`);
      } else process.stdout.write(yaml);
    } finally {
      await storage.close();
    }
    return 0;
  },
});
