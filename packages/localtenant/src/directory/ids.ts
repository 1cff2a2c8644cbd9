import { createHash } from 'node:crypto';

/** A stable GUID derived from its inputs (name-based, in the form of a version-5 UUID). */
export function deterministicGuid(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\u0000').toLowerCase()).digest();
  h[6] = ((h[6] ?? 0) & 0x0f) | 0x50;
  h[8] = ((h[8] ?? 0) & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The pairwise `sub` Entra issues: unique per user (or service principal) and application, 43 base64url
 * characters as in real tokens (docs/fidelity.md#access-tokens: "sub — pairwise per application ID").
 */
export function pairwiseSubject(tenantId: string, appId: string, objectId: string): string {
  return createHash('sha256').update(`${tenantId}|${appId}|${objectId}`.toLowerCase()).digest('base64url');
}
