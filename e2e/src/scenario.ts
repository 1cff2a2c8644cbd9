import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type LocalTenant, start } from 'localtenant';
import { startApiProcess } from '../../examples/api-process.ts';
import { type SpaEnv, startSpa } from '../../examples/spa-server.ts';
import { launchBrowser, type TestBrowser } from './browser.ts';
import { freePort } from './ports.ts';
import { spkiHash } from './spki.ts';

/** The running scenario: localtenant, the API, and optionally the SPA and a browser. */
export interface Scenario {
  localtenant: LocalTenant;
  /** `https://localhost:<port>/<tenant id>`. */
  authority: string;
  apiUrl: string;
  spaUrl: string;
  browser: TestBrowser | undefined;
  /** Stops localtenant and starts it again on the same port and data directory (what survives a restart). */
  restartLocaltenant(): Promise<void>;
  close(): Promise<void>;
}

/** Options of {@link startScenario}. */
export interface ScenarioOptions {
  /** Tenant file (e2e/fixtures/*.yaml or examples/tenant.yaml). */
  tenant: string;
  /** Start the API. Default true. */
  api?: boolean;
  /** Start the SPA (a production build) and Chromium. Default true. */
  spa?: boolean;
  /**
   * More SPA settings, given localtenant's URL (`https://localhost:<port>`): another client, scope or authority
   * (`…/organizations`) than the demo SPA's.
   */
  spaEnv?: (url: string) => SpaEnv;
}

/**
 * Starts everything on free ports with a fresh data directory: localtenant (in this process; the test
 * process trusts the development CA through scripts/with-dev-ca.ts), the API (a child process told to trust
 * the CA), the SPA built against both, and a Chromium that trusts localtenant's server key.
 * The SPA's port is random too: Entra ignores the port of a localhost redirect URI (docs/fidelity.md#redirect-uris).
 */
export async function startScenario(options: ScenarioOptions): Promise<Scenario> {
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const fn of closers.reverse()) await fn().catch((e: unknown) => console.error('close failed:', e));
  };
  try {
    const dataDir = await mkdtemp(join(tmpdir(), 'localtenant-e2e-'));
    closers.push(() => rm(dataDir, { recursive: true, force: true }));
    let localtenant = await start({ tenant: options.tenant, port: 0, dataDir, logLevel: 'silent' });
    closers.push(() => localtenant.close());
    const { authority, caCertPath } = localtenant;
    if (!caCertPath) throw new Error('localtenant runs without its development CA');
    let apiUrl = 'http://localhost:4000';
    if (options.api !== false) {
      const api = await startApiProcess({
        port: await freePort(),
        caCertPath,
        env: { LOCALTENANT_AUTHORITY: authority },
      });
      closers.push(() => api.close());
      apiUrl = api.url;
    }
    let spaUrl = '';
    let browser: TestBrowser | undefined;
    if (options.spa !== false) {
      const spa = await startSpa({
        mode: 'preview',
        port: 0,
        // Short-lived test tokens: MSAL must not treat them as expired from the start (its margins are 300 s).
        env: {
          VITE_AUTHORITY: authority,
          VITE_API_URL: apiUrl,
          VITE_TOKEN_RENEWAL_OFFSET_SECONDS: '0',
          VITE_REFRESH_TOKEN_EXPIRATION_OFFSET_SECONDS: '1', // MSAL reads 0 as "use the default"
          ...options.spaEnv?.(localtenant.url),
        },
      });
      closers.push(() => spa.close());
      spaUrl = spa.url;
      browser = await launchBrowser([await spkiHash(join(dirname(caCertPath), 'server.pem'))]);
      closers.push(() => browser!.close());
    }
    const scenario: Scenario = {
      localtenant,
      authority,
      apiUrl,
      spaUrl,
      browser,
      close,
      async restartLocaltenant() {
        const port = Number(new URL(localtenant.url).port);
        await localtenant.close();
        localtenant = await start({ tenant: options.tenant, port, dataDir, logLevel: 'silent' });
        scenario.localtenant = localtenant;
      },
    };
    return scenario;
  } catch (error) {
    await close();
    throw error;
  }
}
