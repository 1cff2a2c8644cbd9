#!/usr/bin/env node
// The localtenant CLI: runs the compiled bundle dist/cli.mjs. Inside the localtenant repository only (where
// src/ exists next to dist/), a bundle older than a source file is skipped and the sources run through tsx, a
// development dependency there; the installed package has no sources and never loads a TypeScript loader.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';

// Token signing runs on libuv's thread pool. One signing thread per core beside the event loop's own core
// avoids oversubscribing small machines (+22 % tokens/s on 2 cores, bench/README.md). Set before the pool
// starts; an explicit UV_THREADPOOL_SIZE wins.
process.env.UV_THREADPOOL_SIZE ??= String(Math.max(1, availableParallelism() - 1));

// Under load nearly all of the server's garbage is per-request objects that outlive a young-generation
// collection while the request waits for its signature; on a machine with a large heap limit V8 lets that
// garbage grow the old generation to 4× the live heap (~22 MiB here) before collecting it, which was most of
// the 228–246 MiB peaks of the code benchmarks. V8's factor for small devices (2×) keeps the peak under
// 200 MiB at a cost within the benchmark's noise (bench/README.md, "Memory"). A value given on node's command
// line wins (`node --heap-growing-percent=0 …/localtenant.js start` restores V8's own choice).
if (!process.execArgv.some((a) => a.startsWith('--heap-growing-percent'))) {
  v8.setFlagsFromString('--heap-growing-percent=100');
}

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
