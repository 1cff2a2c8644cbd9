import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { ServerContext } from '../context.ts';
import type { GrantData } from '../storage/grant.ts';

/** The platform a redirect URI was registered under (docs/fidelity.md#redirect-uris). */
export type RedirectType = 'spa' | 'web' | 'publicClient';

/** Hash under which codes and refresh tokens are stored (the value itself is never stored). */
export function tokenHash(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

/** What the authorize endpoint hands over when a user has signed in and consented. */
export interface CodeRequest {
  clientId: string;
  userId: string;
  redirectUri: string;
  redirectType: RedirectType;
  grant: GrantData;
  sessionId: string | null;
}

/**
 * Issues a single-use authorization code (lifetime from settings, 10 minutes by default,
 * docs/fidelity.md#response-types-and-modes) and stores its hash. Real codes start `0.A`; so do these.
 */
export async function issueAuthorizationCode(ctx: ServerContext, request: CodeRequest): Promise<string> {
  const code = `0.A${randomBytes(48).toString('base64url')}`;
  const now = ctx.now();
  await ctx.storage.codes.insert({
    code_hash: tokenHash(code),
    client_id: request.clientId.toLowerCase(),
    user_id: request.userId,
    redirect_uri: request.redirectUri,
    redirect_type: request.redirectType,
    grant: request.grant,
    session_id: request.sessionId,
    family_id: randomUUID(),
    created_at: now,
    expires_at: now + ctx.directory.settings.authorizationCodeLifetimeSeconds * 1000,
  });
  return code;
}
