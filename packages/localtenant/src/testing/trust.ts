import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { Agent, setGlobalDispatcher } from 'undici';

const trusted = new Set<string>();

/**
 * Makes this process's `fetch` trust a CA certificate (PEM file) besides the public roots, without
 * NODE_EXTRA_CA_CERTS (which Node reads only at start-up). Two ways, as test runners differ: undici's global
 * dispatcher (Node's own `fetch`, libraries that captured it) and a `fetch` wrapper on `globalThis` that passes
 * the same dispatcher (test runners that give test files their own global object, such as Jest).
 */
export function trustCaForFetch(caCertPath: string): void {
  if (trusted.has(caCertPath)) return;
  trusted.add(caCertPath);
  const ca = [...rootCertificates, ...[...trusted].map((path) => readFileSync(path, 'utf8'))];
  const dispatcher = new Agent({ connect: { ca } });
  setGlobalDispatcher(dispatcher);
  const original = (globalThis.fetch as typeof fetch & { localtenantOriginal?: typeof fetch })
    .localtenantOriginal;
  const base = original ?? globalThis.fetch;
  const wrapped = ((input: Parameters<typeof fetch>[0], init?: RequestInit) =>
    base(input, { dispatcher, ...init } as RequestInit)) as typeof fetch & {
    localtenantOriginal?: typeof fetch;
  };
  wrapped.localtenantOriginal = base;
  globalThis.fetch = wrapped;
}
