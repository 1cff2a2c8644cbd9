import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { validateTenant } from '../directory/load.ts';
import { defineCommand } from './command.ts';
import { starterTenant } from './starter-tenant.ts';

/** `localtenant init [FILE]`: writes a commented starter tenant file and prints the command that serves it. */
export const initCommand = defineCommand({
  name: 'init',
  summary:
    'write a commented starter tenant file (an API, a SPA, a daemon, a user) with fresh GUIDs and secret',
  synopsis: '[FILE] [--force]',
  details: `  FILE      where to write it (default tenant.yaml); an existing file is kept unless --force
  --force   overwrite FILE`,
  options: { force: { type: 'boolean' } },
  maxPositionals: 1,
  async run(options, [file = 'tenant.yaml']) {
    const text = starterTenant();
    const { parse } = await import('yaml');
    validateTenant(parse(text));
    const path = resolve(file);
    try {
      await writeFile(path, text, { flag: options.force ? 'w' : 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      process.stderr.write(`localtenant: ${file} already exists (--force overwrites it)\n`);
      return 1;
    }
    process.stdout.write(
      `Wrote ${file}: an API, a SPA, a daemon and a user.\nNext: npx localtenant start --tenant ${file}\n`,
    );
    return 0;
  },
});
