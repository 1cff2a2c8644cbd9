import type { Directory, RegisteredApp } from './directory.ts';
import { deterministicGuid } from './ids.ts';

/** Audiences whose apps sign in users of other tenants (https://learn.microsoft.com/entra/identity-platform/howto-convert-app-to-be-multi-tenant). */
const MULTI_TENANT = new Set(['AzureADMultipleOrgs', 'AzureADandPersonalMicrosoftAccount']);

/**
 * The tenants of one server (docs/fidelity.md#several-tenants): each its own directory; signing keys are shared,
 * as Entra's are. A multi-tenant app registered in one tenant is usable in the others, through a service
 * principal of its own there (the consent given in that tenant is what makes it appear).
 */
export class Tenants {
  constructor(readonly all: readonly Directory[]) {
    for (const d of all) {
      d.linkForeignApps((id) => this.foreignApp(d, id));
      d.linkGuestHomes(
        (upn) =>
          all.find((o) => o !== d && o.userByName(upn) && !o.userByName(upn)?.user.invitedFrom)?.tenant.id,
      );
    }
  }

  /** The first tenant of the file (the single tenant of today's files). */
  get home(): Directory {
    return this.all[0] as Directory;
  }

  /** The tenant a path segment names (GUID or domain, any case). */
  find(segment: string): Directory | undefined {
    return this.all.find((d) => d.matchesTenant(segment));
  }

  /** The tenant whose user this is (by object id or userPrincipalName), searching every tenant. */
  homeOfUser(upnOrId: string): Directory | undefined {
    return this.all.find((d) => d.user(upnOrId) ?? d.userByName(upnOrId));
  }

  /** A multi-tenant app of another tenant, as `tenant` sees it: its service principal id is `tenant`'s own. */
  private foreignApp(tenant: Directory, identifier: string): RegisteredApp | undefined {
    for (const other of this.all) {
      if (other === tenant) continue;
      const app = other.ownResource(identifier);
      if (app && MULTI_TENANT.has(app.app.signInAudience)) {
        return {
          ...app,
          servicePrincipalId: deterministicGuid('servicePrincipal', tenant.tenant.id, app.app.appId),
        };
      }
    }
    return undefined;
  }
}
