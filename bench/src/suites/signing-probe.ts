/**
 * The ceiling: raw node:crypto RS256 (RSA-2048, SHA-256, PKCS#1 v1.5) signatures per second, measured in its
 * own process while nothing else runs. `sync` signs on one thread (one core); `async` keeps two signatures
 * per core in flight on libuv's thread pool (all cores); `webCrypto` does the same through `crypto.subtle`.
 */

import { generateKeyPairSync, sign, webcrypto } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { serveChild } from '../harness/ipc.ts';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
// A typical JWS signing input: header + an access token's claims, base64url.
const input = Buffer.from(`${'e'.repeat(120)}.${'p'.repeat(1100)}`);

function syncRate(seconds: number): number {
  const end = performance.now() + seconds * 1000;
  let count = 0;
  const began = performance.now();
  while (performance.now() < end) {
    sign('sha256', input, privateKey);
    count++;
  }
  return count / ((performance.now() - began) / 1000);
}

function asyncRate(seconds: number, inFlight: number): Promise<number> {
  return new Promise((done) => {
    const began = performance.now();
    const end = began + seconds * 1000;
    let count = 0;
    let running = 0;
    const next = (): void => {
      if (performance.now() >= end) {
        if (running === 0) done(count / ((performance.now() - began) / 1000));
        return;
      }
      running++;
      sign('sha256', input, privateKey, () => {
        running--;
        count++;
        next();
      });
    };
    for (let i = 0; i < inFlight; i++) next();
  });
}

const cryptoKey = await webcrypto.subtle.importKey(
  'jwk',
  privateKey.export({ format: 'jwk' }),
  { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  false,
  ['sign'],
);

/** WebCrypto's `subtle.sign` (the path jose takes, hence localtenant and oidc-provider), `inFlight` at a time. */
async function webCryptoRate(seconds: number, inFlight: number): Promise<number> {
  const began = performance.now();
  const end = began + seconds * 1000;
  let count = 0;
  const lane = async () => {
    while (performance.now() < end) {
      await webcrypto.subtle.sign('RSASSA-PKCS1-v1_5', cryptoKey, input);
      count++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  return count / ((performance.now() - began) / 1000);
}

/**
 * Each probe runs in 5 slices of `seconds / 5`, interleaved, and reports its best slice: a ceiling is what
 * the machine can do, and other work sharing it only ever lowers a slice.
 */
async function measure(
  seconds: number,
): Promise<{ sync: number; async: number; webCrypto: number; threads: number; sliceS: number }> {
  syncRate(0.3);
  const threads = availableParallelism();
  const sliceS = seconds / 5;
  const best = { sync: 0, async: 0, webCrypto: 0 };
  for (let i = 0; i < 5; i++) {
    best.sync = Math.max(best.sync, syncRate(sliceS));
    best.async = Math.max(best.async, await asyncRate(sliceS, threads * 2));
    best.webCrypto = Math.max(best.webCrypto, await webCryptoRate(sliceS, threads * 2));
  }
  return { ...best, threads, sliceS };
}

serveChild({}, { measure }, () => undefined);
