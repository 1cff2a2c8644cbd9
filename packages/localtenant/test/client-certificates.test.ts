/**
 * Certificate credentials as every MSAL presents them (docs/fidelity.md#client-certificates): the thumbprint
 * encodings in `x5t`, `x5t#S256` and `kid`, Python's MSAL end to end, and Entra's rules for the assertion's `aud`.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { decodeJwt, importPKCS8, SignJWT } from 'jose';
import { parse } from 'yaml';
import { DEMO_TENANT_PATH } from '../src/index.ts';
import { createSelfSigned } from '../src/tls/certificates.ts';
import { demo, postForm, startServer, type TestServer } from './support/server.ts';

const CERT_APP = 'a9b8c7d6-e5f4-4a3b-9c2d-1e0f9a8b7c6d';
const PYTHON = '/usr/bin/python3';
const script = fileURLToPath(new URL('./clients/python_msal_certificate.py', import.meta.url));
const scope = `${demo.api.uri}/.default`;

describe('client certificates as every MSAL presents them', () => {
  let lt: TestServer;
  let cert: Awaited<ReturnType<typeof createSelfSigned>>;
  let sha1: Buffer;
  let sha256: Buffer;

  before(async () => {
    cert = await createSelfSigned({ subject: 'CN=cert-client', days: 30 });
    sha1 = Buffer.from(cert.cert.fingerprint.replaceAll(':', ''), 'hex');
    sha256 = Buffer.from(cert.cert.fingerprint256.replaceAll(':', ''), 'hex');
    const tenant = parse(await readFile(DEMO_TENANT_PATH, 'utf8'));
    tenant.applications.push({
      appId: CERT_APP,
      displayName: 'cert-client',
      keyCredentials: [{ type: 'AsymmetricX509Cert', usage: 'Verify', key: cert.certPem }],
    });
    lt = await startServer({ tenant });
  });
  after(() => lt.close());

  /**
   * A client assertion signed with the registered certificate's key, with the given header and `aud`; `nbf` and `exp`
   * in seconds from now (msal-node's: 0 and 600).
   */
  const assertion = async (
    header: Record<string, string>,
    aud: string | string[] = lt.tokenUrl,
    times: { nbf: number; exp: number } = { nbf: 0, exp: 600 },
  ) => {
    const now = Math.floor(Date.now() / 1000);
    const [nbf, exp] = [now + times.nbf, now + times.exp];
    return new SignJWT({ aud, iss: CERT_APP, sub: CERT_APP, jti: randomUUID(), nbf, exp })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', ...header })
      .sign(await importPKCS8(cert.keyPem, 'RS256'));
  };
  const redeem = async (jwt: string) =>
    postForm(lt.tokenUrl, {
      client_id: CERT_APP,
      grant_type: 'client_credentials',
      scope,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: jwt,
    });
  const expectToken = (res: { status: number; body: Record<string, unknown> }) => {
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(decodeJwt(res.body.access_token as string).azpacr, '2');
  };
  const expectError = (res: { status: number; body: Record<string, unknown> }, code: number) => {
    assert.equal(res.status, 401, JSON.stringify(res.body));
    assert.equal(res.body.error, 'invalid_client');
    assert.deepEqual(res.body.error_codes, [code]);
  };

  test('Python MSAL (python3-msal) with a certificate credential (x5t base64url with = padding) gets a token', {
    skip: !existsSync(PYTHON) && 'needs /usr/bin/python3 with python3-msal',
  }, async () => {
    const keyPath = join(lt.dataDir, 'client-key.pem');
    await writeFile(keyPath, cert.keyPem, { mode: 0o600 });
    const hex = cert.cert.fingerprint.replaceAll(':', '');
    const { stdout } = await promisify(execFile)(
      PYTHON,
      [script, lt.authority, CERT_APP, keyPath, hex, scope],
      {
        env: { ...process.env, REQUESTS_CA_BUNDLE: lt.caCertPath ?? '' },
      },
    );
    const result = JSON.parse(stdout) as Record<string, unknown>;
    assert.equal(typeof result.access_token, 'string', stdout);
    const claims = decodeJwt(result.access_token as string);
    assert.equal(claims.azp, CERT_APP);
    assert.equal(claims.azpacr, '2', 'certificate');
  });

  test('lifetime: beyond nbf/exp by more than 5 minutes is AADSTS700024 with the times; within the skew, or a day long, is accepted', async () => {
    const x5t = sha1.toString('base64url');
    const expired = await redeem(await assertion({ x5t }, lt.tokenUrl, { nbf: -1200, exp: -400 }));
    expectError(expired, 700024);
    assert.match(
      expired.body.error_description as string,
      /^AADSTS700024: Client assertion is not within its valid time range\. Current time: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ, assertion valid from \d{4}-[\d: -]+Z, expiry time of assertion \d{4}-[\d: -]+Z\./,
    );
    expectError(await redeem(await assertion({ x5t }, lt.tokenUrl, { nbf: 400, exp: 1000 })), 700024);
    expectToken(await redeem(await assertion({ x5t }, lt.tokenUrl, { nbf: -800, exp: -200 })));
    expectToken(await redeem(await assertion({ x5t }, lt.tokenUrl, { nbf: 200, exp: 800 })));
    expectToken(await redeem(await assertion({ x5t }, lt.tokenUrl, { nbf: 0, exp: 86_400 })));
  });

  test('the same assertion is accepted again within its lifetime, as msal-node and Python MSAL reuse theirs', async () => {
    const jwt = await assertion({ x5t: sha1.toString('base64url') });
    expectToken(await redeem(jwt));
    expectToken(await redeem(jwt));
    // msal-node signs one assertion per application and reuses it until it expires (10 minutes).
    const app = new ConfidentialClientApplication({
      auth: {
        clientId: CERT_APP,
        authority: lt.authority,
        knownAuthorities: [new URL(lt.url).host],
        clientCertificate: { thumbprint: sha1.toString('hex'), privateKey: cert.keyPem },
      },
    });
    for (let i = 0; i < 2; i++) {
      const result = await app.acquireTokenByClientCredential({ scopes: [scope], skipCache: true });
      assert.equal(decodeJwt(result?.accessToken ?? '').azpacr, '2');
    }
  });

  test('x5t in every encoding MSALs send: base64url, padded base64url, standard base64', async () => {
    for (const x5t of [
      sha1.toString('base64url'),
      `${sha1.toString('base64url')}=`,
      sha1.toString('base64'),
    ]) {
      expectToken(await redeem(await assertion({ x5t })));
    }
  });

  test('x5t#S256 padded or not, and kid naming either thumbprint', async () => {
    expectToken(await redeem(await assertion({ 'x5t#S256': sha256.toString('base64') })));
    expectToken(await redeem(await assertion({ 'x5t#S256': sha256.toString('base64url') })));
    expectToken(await redeem(await assertion({ kid: sha1.toString('base64') })));
    expectToken(await redeem(await assertion({ kid: sha256.toString('base64url') })));
  });

  test('an unregistered thumbprint, or one that is not base64: AADSTS700027 naming it as sent', async () => {
    const other = Buffer.alloc(20, 7).toString('base64');
    const res = await redeem(await assertion({ x5t: other }));
    expectError(res, 700027);
    assert.match(
      res.body.error_description as string,
      new RegExp(`Thumbprint of key used by client: '${other.replace(/[+/]/g, '\\$&')}'`),
    );
    expectError(await redeem(await assertion({ x5t: `${sha1.toString('hex')}!` })), 700027);
  });

  test('aud: two audiences are refused with AADSTS5002741 even when one is the token endpoint', async () => {
    const issuer = `https://login.microsoftonline.com/${demo.tenantId}/v2.0`;
    const res = await redeem(await assertion({ x5t: sha1.toString('base64url') }, [issuer, lt.tokenUrl]));
    expectError(res, 5002741);
    assert.match(
      res.body.error_description as string,
      /^AADSTS5002741: Number of audience values in the provided client credential exceed maximum allowed\. 2 audience values provided, maximum allowed is 1\./,
    );
  });

  test('aud: one token endpoint (also as an array of one, or the v1 endpoint) is accepted; the issuer alone is not', async () => {
    const x5t = sha1.toString('base64url');
    expectToken(await redeem(await assertion({ x5t }, [lt.tokenUrl])));
    expectToken(await redeem(await assertion({ x5t }, `${lt.url}/${demo.domain}/oauth2/token`)));
    expectToken(
      await redeem(
        await assertion({ x5t }, `https://login.microsoftonline.com/${demo.tenantId}/oauth2/v2.0/token`),
      ),
    );
    expectError(
      await redeem(await assertion({ x5t }, `https://login.microsoftonline.com/${demo.tenantId}/v2.0`)),
      700212,
    );
    expectError(await redeem(await assertion({ x5t }, `${lt.url}/common/oauth2/v2.0/token`)), 700212);
  });
});
