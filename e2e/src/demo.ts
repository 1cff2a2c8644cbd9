/** The demo tenant's identifiers and users (examples/tenant.yaml and the e2e fixtures share them). */
export const demo = {
  tenantId: '6e3f2a4c-8b1d-4c7e-9f0a-2b3c4d5e6f70',
  apiAppId: '3f9a6c1e-5b7d-4e2a-8c0f-1a2b3c4d5e6f',
  spaAppId: 'b7c1d2e3-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
  daemon: { appId: 'c4d5e6f7-8a9b-4c0d-9e1f-2a3b4c5d6e7f', secret: 'daemon-demo-secret-9Vq~xL2pQ7rT' },
  adele: {
    upn: 'adele@contoso.onmicrosoft.com',
    password: 'Passw0rd!Adele',
    name: 'Adele Vance',
    oid: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  },
  alex: {
    upn: 'alex@contoso.onmicrosoft.com',
    password: 'Passw0rd!Alex',
    name: 'Alex Wilber',
    oid: '1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e',
  },
  /** Megan of the demo's second tenant, Fabrikam. */
  megan: {
    upn: 'megan@fabrikam.onmicrosoft.com',
    password: 'Passw0rd!Megan',
    name: 'Megan Bowen',
    oid: '8a7b6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d',
  },
  fabrikamTenantId: '9b8c7d6e-5f4a-4b3c-8d2e-1f0a9b8c7d6e',
  /** The multi-tenant my-saas-app of Contoso and its own API scope. */
  saas: {
    appId: 'e8f9a0b1-c2d3-4e4f-9a5b-6c7d8e9f0a1b',
    scope: 'api://e8f9a0b1-c2d3-4e4f-9a5b-6c7d8e9f0a1b/access_as_user',
  },
} as const;

/** A demo user. */
export type DemoUser = typeof demo.adele | typeof demo.alex | typeof demo.megan;
