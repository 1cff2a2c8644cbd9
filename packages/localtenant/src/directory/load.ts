import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { checkReferences } from './references.ts';
import { type TenantFile, tenantFileSchema } from './schema.ts';

/** A tenant file that cannot be used: the message names the file, the path inside it and the fix. */
export class TenantFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: { path: string; message: string }[],
  ) {
    super(
      `Tenant file ${file} is not valid:\n${problems.map((p) => `  - ${p.path || '(top level)'}: ${p.message}`).join('\n')}`,
    );
    this.name = 'TenantFileError';
  }
}

/** Renders a zod path as `applications[2].api.requestedAccessTokenVersion`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

function zodProblems(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => {
    const path = formatPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      return {
        path,
        message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}: the top level takes tenant, settings, users, groups, applications, appRoleAssignments and oauth2PermissionGrants (check the spelling)`,
      };
    }
    return { path, message: issue.message };
  });
}

/** Where the further tenants of a `tenants: [...]` file hang on the first one (see {@link tenantsOf}). */
const OTHER_TENANTS = Symbol('otherTenants');

/** Every tenant a validated file holds: one for today's single-tenant files, each entry of `tenants: [...]`. */
export function tenantsOf(file: TenantFile): TenantFile[] {
  return [file, ...((file as { [OTHER_TENANTS]?: TenantFile[] })[OTHER_TENANTS] ?? [])];
}

function validateOne(document: unknown, source: string, prefix: string): TenantFile {
  const result = tenantFileSchema.safeParse(document ?? {});
  const at = (p: { path: string; message: string }) => ({ ...p, path: `${prefix}${p.path}` });
  if (!result.success) throw new TenantFileError(source, zodProblems(result.error).map(at));
  const problems = checkReferences(result.data);
  if (problems.length > 0) throw new TenantFileError(source, problems.map(at));
  return result.data;
}

/**
 * Validates a tenant document (already parsed from YAML/JSON). `source` names it in errors. A document with
 * `tenants: [ … ]` (each entry shaped like a single-tenant file, `settings` shared at the top) holds several
 * tenants; a single-tenant file may add `tenants: [ … ]` after its own, which comes first. The first tenant is
 * returned and the others are reached with {@link tenantsOf} (docs/fidelity.md#several-tenants).
 */
export function validateTenant(document: unknown, source = '(inline tenant)'): TenantFile {
  const doc = (document ?? {}) as Record<string, unknown>;
  if (!Array.isArray(doc.tenants)) return validateOne(document, source, '');
  const { tenants: entries, ...top } = doc as { tenants: unknown[] } & Record<string, unknown>;
  // A single-tenant file may list further tenants: its own tenant comes first (today's files stay as they are).
  const withTop = top.tenant === undefined ? entries : [top, ...entries];
  const extra = top.tenant === undefined ? Object.keys(top).filter((k) => k !== 'settings') : [];
  if (extra.length > 0 || withTop.length === 0) {
    throw new TenantFileError(source, [
      {
        path: extra.length > 0 ? (extra[0] ?? '') : 'tenants',
        message:
          'a file with tenants: [ … ] takes only tenants (at least one entry, each shaped like a single-tenant file) and settings at the top level',
      },
    ]);
  }
  const offset = withTop.length - entries.length;
  const files = withTop.map((entry: unknown, i: number) =>
    validateOne(
      { settings: doc.settings, ...(entry as object) },
      source,
      i < offset ? '' : `tenants[${i - offset}].`,
    ),
  );
  const seen = new Set<string>();
  files.forEach((f, i) => {
    for (const key of [f.tenant.id.toLowerCase(), f.tenant.domain.toLowerCase()]) {
      if (seen.has(key))
        throw new TenantFileError(source, [
          {
            path: `tenants[${i}].tenant`,
            message: `${key} names two tenants: give each its own id and domain`,
          },
        ]);
      seen.add(key);
    }
  });
  const [first, ...others] = files as [TenantFile, ...TenantFile[]];
  Object.defineProperty(first, OTHER_TENANTS, { value: others, enumerable: false });
  return first;
}

/** Reads, parses (YAML or JSON) and validates a tenant file. */
export async function loadTenantFile(path: string): Promise<TenantFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new TenantFileError(path, [
      {
        path: '',
        message: `cannot read the file (${(err as NodeJS.ErrnoException).code ?? 'error'}): check the path`,
      },
    ]);
  }
  let document: unknown;
  try {
    document = extname(path).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new TenantFileError(path, [
      {
        path: '',
        message: `not valid ${extname(path) === '.json' ? 'JSON' : 'YAML'}: ${(err as Error).message}`,
      },
    ]);
  }
  return validateTenant(document, path);
}
