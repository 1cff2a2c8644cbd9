import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  type JWTPayload,
  jwtVerify,
} from 'jose';
import type { ServerContext } from '../context.ts';
import type { RegisteredApp } from '../directory/directory.ts';
import { aadsts } from '../errors/entra-error.ts';
import { entraTimestamp } from '../errors/render.ts';
import { federationIssuer } from '../federation/issuer.ts';

type KeySet = ReturnType<typeof createRemoteJWKSet>;

/** Key sets by issuer, fetched once (jose refetches on an unknown `kid`); a failed discovery is not cached. */
const keySets = new Map<string, Promise<KeySet>>();

/**
 * True when a client assertion was not issued by the client itself (`iss`/`sub` ≠ client_id) and is not signed
 * with one of its certificates: a workload identity federation assertion rather than `private_key_jwt` (Learn,
 * client credentials flow, third case: https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow).
 */
export function isFederatedAssertion(assertion: string, client: RegisteredApp): boolean {
  let payload: JWTPayload;
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    payload = decodeJwt(assertion);
    header = decodeProtectedHeader(assertion);
  } catch {
    return false;
  }
  const id = client.app.appId.toLowerCase();
  if (payload.iss?.toLowerCase() === id && payload.sub?.toLowerCase() === id) return false;
  const thumbprints = [header.x5t, header['x5t#S256']].filter((t) => typeof t === 'string');
  return !client.certificates.some((c) => thumbprints.includes(c.x5t) || thumbprints.includes(c.x5tS256));
}

/** Entra's own issuers (v1, v2, and this server's in either issuer mode): their tokens are refused (AADSTS700222). */
function isEntraIssued(ctx: ServerContext, iss: string): boolean {
  const tid = ctx.directory.tenant.id;
  return (
    iss.startsWith('https://sts.windows.net/') ||
    iss.startsWith('https://login.microsoftonline.com/') ||
    iss === ctx.issuers.v1(tid) ||
    iss === ctx.issuers.v2(tid)
  );
}

/** https issuers, and http only on the loopback host (local test issuers). */
function allowedIssuerUrl(iss: string): URL | undefined {
  try {
    const url = new URL(iss);
    if (url.protocol === 'https:') return url;
    if (url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) return url;
  } catch {}
  return undefined;
}

/** The issuer's keys, from `{iss}/.well-known/openid-configuration` → `jwks_uri`. */
async function remoteKeySet(issuer: string): Promise<KeySet> {
  const res = await fetch(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`, {
    signal: AbortSignal.timeout(5000),
  });
  if (!res.ok) throw new Error(`discovery answered ${res.status}`);
  const doc = (await res.json()) as { jwks_uri?: unknown };
  if (typeof doc.jwks_uri !== 'string') throw new Error('discovery has no jwks_uri');
  return createRemoteJWKSet(new URL(doc.jwks_uri), { timeoutDuration: 5000 });
}

async function keySetFor(ctx: ServerContext, issuer: string, base: string): Promise<KeySet> {
  // localtenant's own external issuer: its keys are at hand, no request to itself.
  if (issuer === federationIssuer(base)) return createLocalJWKSet({ keys: await ctx.keys.jwks() }) as KeySet;
  let pending = keySets.get(issuer);
  if (!pending) {
    pending = remoteKeySet(issuer);
    keySets.set(issuer, pending);
    pending.catch(() => keySets.delete(issuer));
  }
  return pending;
}

const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ') || '(none)';

/**
 * Verifies a workload identity federation assertion against the app's `federatedIdentityCredentials`
 * (docs/fidelity.md#workload-identity-federation), as a checklist: not Entra-issued (700222); a credential with
 * this exact issuer (700211), subject (700213, or 7002138 when only the case differs) and audience (700212); the
 * signature against the issuer's discovery + JWKS and the validity period (70021, 700024). Not single use: a
 * Kubernetes or GitHub token is presented again until it expires (docs/fidelity.md#client-certificates).
 */
export async function verifyFederatedAssertion(
  ctx: ServerContext,
  client: RegisteredApp,
  assertion: string,
  base: string,
): Promise<void> {
  let payload: JWTPayload;
  try {
    payload = decodeJwt(assertion);
  } catch {
    throw aadsts('malformedClientAssertion');
  }
  const iss = typeof payload.iss === 'string' ? payload.iss : '';
  const sub = typeof payload.sub === 'string' ? payload.sub : '';
  const auds = (Array.isArray(payload.aud) ? payload.aud : [payload.aud]).filter(
    (a) => typeof a === 'string',
  );
  if (isEntraIssued(ctx, iss)) throw aadsts('federatedEntraIssued', { issuer: iss.slice(0, 300) });
  const fics = client.app.federatedIdentityCredentials;
  const byIssuer = fics.filter((f) => f.issuer === iss);
  if (byIssuer.length === 0) {
    throw aadsts('federatedWrongIssuer', {
      issuer: iss.slice(0, 600),
      expected: list(fics.map((f) => f.issuer)),
    });
  }
  const fic = byIssuer.find((f) => f.subject === sub);
  if (!fic) {
    const caseOnly = byIssuer.find((f) => f.subject.toLowerCase() === sub.toLowerCase());
    if (caseOnly) {
      throw aadsts('federatedSubjectCase', {
        subject: sub.slice(0, 600),
        name: caseOnly.name,
        expected: caseOnly.subject,
      });
    }
    throw aadsts('federatedWrongSubject', {
      subject: sub.slice(0, 600),
      issuer: iss,
      expected: list(byIssuer.map((f) => f.subject)),
    });
  }
  if (!auds.some((a) => fic.audiences.includes(a))) {
    throw aadsts('federatedWrongAudience', {
      audience: auds.join(', ').slice(0, 300),
      name: fic.name,
      expected: list(fic.audiences),
    });
  }
  if (!allowedIssuerUrl(iss)) {
    throw aadsts('federatedNoMatch', {
      reason: `The issuer '${iss}' must be an https URL (http only on localhost).`,
    });
  }
  let keys: KeySet;
  try {
    keys = await keySetFor(ctx, iss, base);
  } catch (err) {
    throw aadsts(
      'federatedNoMatch',
      {
        reason: `The issuer's OpenID configuration at '${iss}/.well-known/openid-configuration' could not be read.`,
      },
      (err as Error).message,
    );
  }
  try {
    await jwtVerify(assertion, keys, {
      algorithms: ['RS256'],
      currentDate: new Date(ctx.now()),
      clockTolerance: 300,
      requiredClaims: ['exp'],
    });
  } catch (err) {
    if (
      err instanceof errors.JWTExpired ||
      (err instanceof errors.JWTClaimValidationFailed && err.claim === 'nbf')
    ) {
      throw aadsts('clientAssertionTime', {
        now: entraTimestamp(new Date(ctx.now())),
        nbf: typeof payload.nbf === 'number' ? entraTimestamp(new Date(payload.nbf * 1000)) : '(none)',
        exp: typeof payload.exp === 'number' ? entraTimestamp(new Date(payload.exp * 1000)) : '(none)',
      });
    }
    throw aadsts(
      'federatedNoMatch',
      { reason: `The assertion's signature does not verify against the keys of issuer '${iss}'.` },
      (err as Error).message,
    );
  }
}
