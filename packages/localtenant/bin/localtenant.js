#!/usr/bin/env node
// The localtenant CLI: runs the compiled bundle dist/cli.mjs. Inside the localtenant repository only (where
// src/ exists next to dist/), a bundle older than a source file is skipped and the sources run through tsx, a
// development dependency there; the installed package has no sources and never loads a TypeScript loader.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

// Token signing runs on libuv's thread pool. One signing thread per core beside the event loop's own core
// avoids oversubscribing small machines (+22 % tokens/s on 2 cores, bench/README.md). Set before the pool
// starts; an explicit UV_THREADPOOL_SIZE wins.
process.env.UV_THREADPOOL_SIZE ??= String(Math.max(1, availableParallelism() - 1));

const bundle = new URL('../dist/cli.mjs', import.meta.url);
const sources = [new URL('../src', import.meta.url), new URL('../../guard/src', import.meta.url)];
const inRepository = existsSync(fileURLToPath(sources[0]));

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile())
      newest = Math.max(newest, statSync(`${entry.parentPath ?? entry.path}/${entry.name}`).mtimeMs);
  }
  return newest;
}

function bundleIsFresh() {
  const path = fileURLToPath(bundle);
  if (!existsSync(path)) return false;
  const built = statSync(path).mtimeMs;
  return sources.every((url) => !existsSync(fileURLToPath(url)) || newestSource(fileURLToPath(url)) <= built);
}

if (!inRepository || bundleIsFresh()) {
  await import(bundle.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
