// Builds what the published package runs (`npm run build`; root `postinstall` and `prepack` run it):
// 1. @localtenant/guard's compiled files, whose declarations localtenant's own declarations import;
// 2. tsc: dist/**/*.js + .d.ts, one file per source file (the library: `import { start } from 'localtenant'`,
//    `localtenant/testing`);
// 3. esbuild: dist/cli.mjs, the CLI in one file instead of ~100 modules (spawn → first token ≈ 0.5 s; see the
//    README's performance table). Native and optional modules stay external;
// 4. the demo tenant: examples/tenant.yaml (its one source) copied to dist/demo-tenant.yaml, which
//    `localtenant start` serves without --tenant once installed.
import { execFileSync } from 'node:child_process';
import { copyFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const here = (path) => new URL(path, import.meta.url).pathname;
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compile = (tsconfig) => execFileSync(process.execPath, [tsc, '-p', tsconfig], { stdio: 'inherit' });

rmSync(here('../../guard/dist'), { recursive: true, force: true });
compile(here('../../guard/tsconfig.build.json'));
rmSync(here('../dist'), { recursive: true, force: true });
compile(here('../tsconfig.build.json'));

await build({
  entryPoints: [here('../src/cli/main.ts')],
  outfile: here('../dist/cli.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Bundle @localtenant/guard from its sources (its package.json `localtenant-source` export condition).
  conditions: ['localtenant-source'],
  external: ['better-sqlite3', 'pg', '@peculiar/x509', 'reflect-metadata'],
  // CommonJS dependencies inside an ES module bundle need a `require`.
  banner: {
    js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);',
  },
  logLevel: 'warning',
});

copyFileSync(here('../../../examples/tenant.yaml'), here('../dist/demo-tenant.yaml'));
