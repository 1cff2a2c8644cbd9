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

/** Validates a tenant document (already parsed from YAML/JSON). `source` names it in errors. */
export function validateTenant(document: unknown, source = '(inline tenant)'): TenantFile {
  const result = tenantFileSchema.safeParse(document ?? {});
  if (!result.success) throw new TenantFileError(source, zodProblems(result.error));
  const problems = checkReferences(result.data);
  if (problems.length > 0) throw new TenantFileError(source, problems);
  return result.data;
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
