import { BlockList, isIP } from 'node:net';
import type { MiddlewareHandler } from 'hono';

const HSTS = 'Strict-Transport-Security';

const loopbackAddresses = new BlockList();
loopbackAddresses.addSubnet('127.0.0.0', 8, 'ipv4');
loopbackAddresses.addAddress('::1', 'ipv6');

/**
 * True when a browser would take `hostname` (as in a URL: lower case, IPv6 in brackets) for this machine:
 * `localhost`, any `*.localhost`, 127.0.0.0/8 and `::1` (also IPv4-mapped, `::ffff:127.0.0.1`).
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^\[(.*)\]$/, '$1');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const family = isIP(host);
  return family !== 0 && loopbackAddresses.check(host, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Drops `Strict-Transport-Security` from every answer to a request for a loopback host
 * (docs/fidelity.md#token-endpoint). Entra sends it on every answer; a browser that received it for `localhost`
 * would then force HTTPS on every `http://localhost:*` development server (the example SPA among them). The host is
 * the one the request names (its `Host` header), which is the host the browser would pin, so a localtenant reached
 * under a real name (a team's shared instance behind DNS) keeps Entra's header.
 */
export const noHstsOnLoopback: MiddlewareHandler = async (c, next) => {
  await next();
  if (c.res.headers.has(HSTS) && isLoopbackHost(new URL(c.req.url).hostname)) c.res.headers.delete(HSTS);
};
