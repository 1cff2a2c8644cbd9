import type { Directory, RegisteredApp } from '../directory/directory.ts';
import { GRAPH_APP_ID } from '../directory/graph.ts';
import { aadsts } from '../errors/entra-error.ts';
import { classifyScopes } from '../scopes/parse.ts';

/** The scopes an authorize request asked of one resource. */
export interface ResourceRequest {
  resource: RegisteredApp;
  /** The identifier as the client wrote it (`api://…`, an appId, `https://graph.microsoft.com`). */
  identifier: string;
  /** Permission values, spelled as the resource defines them (`.default` not included). */
  values: string[];
  /** `{resource}/.default` was asked: every statically configured or already consented permission. */
  isDefault: boolean;
}

/** The `scope` parameter of an authorize request, resolved against the directory. */
export interface RequestedScopes {
  /** The words as the client wrote them (what `GrantData.scopes` carries). */
  words: string[];
  /** OIDC scopes, lower case (hosted on Microsoft Graph, docs/fidelity.md#scopes-and-consent). */
  oidc: string[];
  /**
   * Resource scopes per resource appId (lower case). Several resources are fine at /authorize
   * (docs/fidelity.md#authorize-parameters).
   */
  resources: Map<string, ResourceRequest>;
}

const MAX_SCOPE_TEXT = 500;

/**
 * Resolves the requested scopes (docs/fidelity.md#scopes-and-consent): a resource omitted means Microsoft Graph; an
 * unknown resource is AADSTS500011; a permission the resource does not define (or `.default` mixed with explicit
 * permissions of the same resource, "can't be combined with dynamic scopes") is AADSTS70011.
 */
export function resolveScopes(directory: Directory, words: string[]): RequestedScopes {
  const { oidc, resource } = classifyScopes(words);
  const resources = new Map<string, ResourceRequest>();
  const invalid = (raw: string) => aadsts('invalidScope', { scope: raw.slice(0, MAX_SCOPE_TEXT) });
  for (const scope of resource) {
    const app = directory.resource(scope.resource);
    if (!app) {
      throw aadsts('unknownResource', {
        resource: scope.resource.slice(0, 200),
        tenant: directory.tenant.domain,
      });
    }
    const key = app.app.appId.toLowerCase();
    const entry = resources.get(key) ?? {
      resource: app,
      identifier: scope.resource,
      values: [],
      isDefault: false,
    };
    if (scope.value === '.default') {
      entry.isDefault = true;
    } else {
      const defined = app.app.api.oauth2PermissionScopes.find(
        (s) => s.isEnabled && s.value.toLowerCase() === scope.value.toLowerCase(),
      );
      if (!defined) throw invalid(scope.raw);
      if (!entry.values.includes(defined.value)) entry.values.push(defined.value);
    }
    if (entry.isDefault && entry.values.length > 0) throw invalid(words.join(' '));
    resources.set(key, entry);
  }
  return { words, oidc: [...new Set(oidc)], resources };
}

/** The resources other than Microsoft Graph (Graph hosts the OIDC scopes, docs/fidelity.md#scopes-and-consent). */
export function apiResources(scopes: RequestedScopes): ResourceRequest[] {
  return [...scopes.resources.values()].filter((r) => r.resource.app.appId.toLowerCase() !== GRAPH_APP_ID);
}
