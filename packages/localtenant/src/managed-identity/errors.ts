/**
 * Refusals of the managed identity endpoints. These are the hosting platform's answers (App Service, the VM
 * metadata service), not Entra's AADSTS errors, so they live here rather than in the AADSTS catalogue; the body
 * is `{ error, error_description }`, which msal-node's managed identity sources read
 * (msal-node `BaseManagedIdentitySource.getServerTokenResponse`). See docs/fidelity.md#managed-identity.
 */
export class ManagedIdentityRefusal extends Error {
  constructor(
    readonly status: 400 | 401 | 405,
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
    this.name = 'ManagedIdentityRefusal';
  }
}

/** The refusals, by what went wrong. */
export const refuse = {
  /** IMDS: the `Metadata: true` header is missing (Learn "How to use managed identities on a VM", error table). */
  missingMetadataHeader: () =>
    new ManagedIdentityRefusal(400, 'bad_request_102', 'Required metadata header not specified'),
  /** App Service: the `X-IDENTITY-HEADER` (2019) or `secret` (2017) header is missing or wrong. */
  wrongIdentityHeader: (header: string) =>
    new ManagedIdentityRefusal(
      401,
      'unauthorized',
      `The ${header} header is missing or does not match IDENTITY_HEADER / MSI_SECRET (run "localtenant managed-identity env").`,
    ),
  unsupportedApiVersion: (version: string, supported: string) =>
    new ManagedIdentityRefusal(
      400,
      'invalid_request',
      `api-version '${version}' is not supported: use ${supported}.`,
    ),
  missingResource: () =>
    new ManagedIdentityRefusal(400, 'invalid_request', "The 'resource' query parameter is required."),
  severalIds: () =>
    new ManagedIdentityRefusal(
      400,
      'invalid_request',
      'Name at most one of client_id, principal_id, object_id and mi_res_id / msi_res_id.',
    ),
  /** 400, so that DefaultAzureCredential treats the identity as unavailable and moves on. */
  unknownIdentity: (which: string) =>
    new ManagedIdentityRefusal(
      400,
      'invalid_request',
      `Identity not found: no managed identity ${which} in this tenant's managedIdentities.`,
    ),
  methodNotAllowed: () =>
    new ManagedIdentityRefusal(
      405,
      'invalid_request',
      'The managed identity endpoint only accepts GET requests.',
    ),
};
