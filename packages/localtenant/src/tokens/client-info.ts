/**
 * `client_info`: base64url without padding of `{"uid":"<oid>","utid":"<tid>"}` (docs/fidelity.md#client-info); MSAL
 * builds the home account id `uid.utid` from it.
 */
export function clientInfo(objectId: string, tenantId: string): string {
  return Buffer.from(JSON.stringify({ uid: objectId, utid: tenantId })).toString('base64url');
}
