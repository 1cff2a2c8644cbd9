import type { Directory, RegisteredApp } from '../directory/directory.ts';

/** Where the console is read from: the server's origin and the tenant. */
export interface SnippetTarget {
  origin: string;
  tenantId: string;
  /** The issuer mode the server runs in (Auth.js needs `local`). */
  issuerMode: 'entra' | 'local';
}

/** One ready-to-paste configuration. */
export interface Snippet {
  /** The client library, e.g. `MSAL Browser`. */
  library: string;
  code: string;
  note?: string;
}

const q = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** The scopes an app is configured to call (requiredResourceAccess), as a client asks for them. */
function delegatedScopes(directory: Directory, app: RegisteredApp): string[] {
  const scopes: string[] = [];
  for (const rra of app.app.requiredResourceAccess) {
    const resource = directory.application(rra.resourceAppId);
    if (!resource) continue;
    const base = resource.app.identifierUris[0] ?? resource.app.appId;
    for (const access of rra.resourceAccess) {
      if (access.type !== 'Scope') continue;
      const scope = resource.app.api.oauth2PermissionScopes.find(
        (s) => s.id.toLowerCase() === access.id.toLowerCase(),
      );
      if (!scope) continue;
      scopes.push(
        resource.app.appId === '00000003-0000-0000-c000-000000000000'
          ? scope.value
          : `${base}/${scope.value}`,
      );
    }
  }
  return scopes;
}

/** The `.default` scope of each API the app holds an application permission of. */
function appOnlyScopes(directory: Directory, app: RegisteredApp): string[] {
  const resources = new Set<string>();
  for (const a of directory.appRoleAssignments()) {
    if (a.principal.toLowerCase() === app.app.appId.toLowerCase()) resources.add(a.resource.toLowerCase());
  }
  return [...resources].flatMap((id) => {
    const r = directory.application(id);
    return r ? [`${r.app.identifierUris[0] ?? r.app.appId}/.default`] : [];
  });
}

/** Ready-to-paste configurations for an application, by what its registration allows. */
export function snippetsFor(directory: Directory, registered: RegisteredApp, t: SnippetTarget): Snippet[] {
  const app = registered.app;
  const authority = `${t.origin}/${t.tenantId}`;
  const host = new URL(t.origin).host;
  const out: Snippet[] = [];
  const scopes = delegatedScopes(directory, registered);
  const scopeList = (scopes.length ? scopes : ['User.Read']).map(q).join(', ');
  const hasSecret = registered.secrets.length > 0 || registered.certificates.length > 0;
  if (app.spa.redirectUris.length > 0) {
    out.push({
      library: 'MSAL Browser',
      code: `import { PublicClientApplication } from '@azure/msal-browser';

const msal = new PublicClientApplication({
  auth: {
    clientId: ${q(app.appId)},
    authority: ${q(authority)},
    knownAuthorities: [${q(host)}],
    redirectUri: ${q(app.spa.redirectUris[0] as string)},
  },
});
await msal.initialize();
const result = await msal.loginPopup({ scopes: [${scopeList}] });`,
    });
  }
  if (app.isFallbackPublicClient || app.publicClient.redirectUris.length > 0) {
    out.push({
      library: 'msal-node (public client)',
      code: `import { PublicClientApplication } from '@azure/msal-node';

const pca = new PublicClientApplication({
  auth: { clientId: ${q(app.appId)}, authority: ${q(authority)}, knownAuthorities: [${q(host)}] },
});`,
    });
  }
  if (hasSecret) {
    const appScopes = appOnlyScopes(directory, registered);
    const scope = appScopes[0] ?? 'api://<api appId>/.default';
    out.push({
      library: 'msal-node (confidential client)',
      code: `import { ConfidentialClientApplication } from '@azure/msal-node';

const cca = new ConfidentialClientApplication({
  auth: {
    clientId: ${q(app.appId)},
    authority: ${q(authority)},
    knownAuthorities: [${q(host)}],
    clientSecret: process.env.CLIENT_SECRET, // the app's secretText from the tenant file
  },
});
const { accessToken } = await cca.acquireTokenByClientCredential({ scopes: [${q(scope)}] });`,
    });
    out.push({
      library: '@azure/identity',
      code: `import { ClientSecretCredential } from '@azure/identity';

const credential = new ClientSecretCredential(${q(t.tenantId)}, ${q(app.appId)}, process.env.CLIENT_SECRET, {
  authorityHost: ${q(t.origin)},
  disableInstanceDiscovery: true, // otherwise it asks login.microsoftonline.com to vouch for this host
});
const { token } = await credential.getToken(${q(scope)});`,
    });
    if (app.web.redirectUris.length > 0) {
      out.push({
        library: 'Auth.js (@auth/express)',
        code: `import MicrosoftEntraID from '@auth/express/providers/microsoft-entra-id';

MicrosoftEntraID({
  clientId: ${q(app.appId)},
  clientSecret: process.env.AUTH_MICROSOFT_ENTRA_ID_SECRET,
  issuer: ${q(`${authority}/v2.0`)},
});`,
        note:
          t.issuerMode === 'local'
            ? 'This server runs with --issuer local, as Auth.js requires.'
            : 'Auth.js requires the discovered issuer to equal this URL: start localtenant with --issuer local.',
      });
    }
  }
  if (app.api.oauth2PermissionScopes.length > 0 || app.appRoles.length > 0) {
    if (app.appId !== '00000003-0000-0000-c000-000000000000') {
      out.push({
        library: '@localtenant/guard (this app as an API)',
        code: `import { protect } from '@localtenant/guard/express';

app.use(protect({ authority: ${q(authority)}, audience: ${q(app.appId)} }));`,
      });
    }
  }
  return out;
}
