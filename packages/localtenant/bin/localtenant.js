#!/usr/bin/env node
// localtenant runs its TypeScript sources through tsx (no build step).
import { availableParallelism } from 'node:os';
import { register } from 'tsx/esm/api';

// Token signing runs on libuv's thread pool. One signing thread per core beside the event loop's own core
// avoids oversubscribing small machines (+22 % tokens/s on 2 cores, bench/README.md). Set before the pool
// starts; an explicit UV_THREADPOOL_SIZE wins.
process.env.UV_THREADPOOL_SIZE ??= String(Math.max(1, availableParallelism() - 1));

register();
await import('../src/cli/main.ts');
