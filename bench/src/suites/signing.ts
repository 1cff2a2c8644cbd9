import { benchScript, startChild } from '../harness/child.ts';

/** Signatures per second: `sync` on one core, `async` on the thread pool across all cores. */
export interface SigningRate {
  sync: number;
  async: number;
  /** WebCrypto `subtle.sign` (jose's path), same concurrency as `async`. */
  webCrypto: number;
  threads: number;
  /** Length of one measured slice, seconds (each figure is the best of 5 slices). */
  sliceS: number;
}

/** Measures the RS256 signing ceiling in a separate process (nothing else should be running). */
export async function benchSigning(seconds: number): Promise<SigningRate> {
  const probe = await startChild<object>('signing-probe', benchScript('suites/signing-probe.ts'));
  try {
    return await probe.call<SigningRate>('measure', seconds);
  } finally {
    await probe.stop();
  }
}
