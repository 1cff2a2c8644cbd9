/**
 * The issuer strings of real Entra tokens (spec §5.3). localtenant issues the same values, because APIs and
 * validators compare `iss` with these exact forms; the authority host is not part of the issuer.
 */
export const issuers = {
  v1: (tenantId: string) => `https://sts.windows.net/${tenantId}/`,
  v2: (tenantId: string) => `https://login.microsoftonline.com/${tenantId}/v2.0`,
};
