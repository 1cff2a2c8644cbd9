/**
 * The soak's load generator, in its own process (never the server's): `users` virtual users, each in a closed
 * loop picking one scenario at a time by weight — client credentials, a code from the user's signed-in session
 * redeemed at once (its refresh token kept), a refresh, a whole new sign-in through the pages, discovery, JWKS —
 * and recording the latency of every request. `snapshot` hands over one interval's figures and starts the next.
 * Started by `suites/soak.ts`.
 */
import { DEMO } from '../config.ts';
import { FORM } from './http.ts';
import { serveChild } from './ipc.ts';
import { CODE_SCOPE, CodeMinter, CookieJar } from './sign-in.ts';
import { KINDS, type Kind, type SoakInterval, type SoakTarget } from './soak-load.ts';
import { percentile } from './trend.ts';

/** The code flow's scope plus `offline_access`, so that every redemption returns a refresh token. */
const SCOPE = `${CODE_SCOPE} offline_access`;
/** Scenario weights, summing to 100 (a sign-in is 4–6 requests, a code 2). */
const WEIGHTS: [Scenario, number][] = [
  ['cc', 35],
  ['code', 20],
  ['refresh', 20],
  ['sign-in', 5],
  ['discovery', 10],
  ['jwks', 10],
];
type Scenario = 'cc' | 'code' | 'refresh' | 'sign-in' | 'discovery' | 'jwks';

let latencies = new Map<Kind, number[]>(KINDS.map((k) => [k, []]));
let errors = 0;
let failures = new Set<string>();
let running = false;
let users: Promise<void>[] = [];
/** Refresh tokens from redemptions, replaced by their successors when used (a client's cache). */
const refreshTokens: string[] = [];

function record(kind: Kind, began: number): void {
  latencies.get(kind)!.push(performance.now() - began);
}

function fail(kind: Kind, what: string): void {
  errors++;
  if (failures.size < 5) failures.add(`${kind}: ${what.slice(0, 160)}`);
}

/** A cookie jar that times each of its requests under the current label. */
class TimedJar extends CookieJar {
  label: Kind = 'sign-in';

  override async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const began = performance.now();
    const response = await super.fetch(url, init);
    record(this.label, began);
    return response;
  }
}

async function post(kind: Kind, url: string, body: string): Promise<Record<string, unknown> | undefined> {
  const began = performance.now();
  const response = await fetch(url, { method: 'POST', headers: FORM, body });
  const text = await response.text();
  record(kind, began);
  if (response.status !== 200) return void fail(kind, `HTTP ${response.status} ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

async function get(url: string): Promise<void> {
  const began = performance.now();
  const response = await fetch(url);
  await response.arrayBuffer();
  record('metadata', began);
  if (response.status !== 200) fail('metadata', `HTTP ${response.status}`);
}

async function redeem(target: SoakTarget, code: string): Promise<void> {
  const body = new URLSearchParams({ ...target.codeForm, scope: SCOPE, code }).toString();
  const json = await post('redeem', target.tokenUrl, body);
  if (!json) return;
  if (typeof json.refresh_token !== 'string') return fail('redeem', 'no refresh_token');
  refreshTokens.push(json.refresh_token);
  if (refreshTokens.length > 256) refreshTokens.splice(0, refreshTokens.length - 256);
}

async function refresh(target: SoakTarget): Promise<void> {
  const at = Math.floor(Math.random() * refreshTokens.length);
  const token = refreshTokens[at];
  if (!token) return;
  const json = await post(
    'refresh',
    target.tokenUrl,
    new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: DEMO.web.clientId,
      client_secret: DEMO.web.secret,
      refresh_token: token,
      scope: SCOPE,
    }).toString(),
  );
  if (typeof json?.refresh_token === 'string') refreshTokens[at] = json.refresh_token;
}

function pick(): Scenario {
  let roll = Math.random() * 100;
  for (const [scenario, weight] of WEIGHTS) {
    roll -= weight;
    if (roll < 0) return scenario;
  }
  return 'cc';
}

async function user(target: SoakTarget): Promise<void> {
  let jar = new TimedJar();
  let minter: CodeMinter | undefined;
  while (running) {
    const scenario = minter ? pick() : 'sign-in';
    const kind: Kind = scenario === 'code' ? 'authorize' : scenario === 'sign-in' ? 'sign-in' : 'cc';
    try {
      if (scenario === 'cc') await post('cc', target.tokenUrl, target.ccBody);
      else if (scenario === 'discovery') await get(target.discoveryUrl);
      else if (scenario === 'jwks') await get(target.jwksUrl);
      else if (scenario === 'refresh' && refreshTokens.length) await refresh(target);
      else {
        if (scenario === 'sign-in' || !minter) {
          // A new browser: the pages and a new session, which this user keeps from now on.
          jar = new TimedJar();
          minter = await CodeMinter.signIn(target.authorizeUrl, { jar, scope: SCOPE });
        }
        jar.label = 'authorize';
        const [code] = await minter.mint(1, 1);
        await redeem(target, code!);
      }
    } catch (error) {
      fail(kind, (error as Error).message);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Starts `users` virtual users against `target` (each signs in once first). */
async function start(arg: { target: SoakTarget; users: number }): Promise<void> {
  running = true;
  users = Array.from({ length: arg.users }, () => user(arg.target));
}

/** This interval's figures; the next interval starts now. */
function snapshot(): SoakInterval {
  const all = [...latencies.values()].flat();
  const byKind = Object.fromEntries(
    KINDS.map((k) => [k, { n: latencies.get(k)!.length, p99: percentile(latencies.get(k)!, 99) }]),
  ) as SoakInterval['byKind'];
  const result: SoakInterval = {
    requests: all.length,
    errors,
    p50: percentile(all, 50),
    p99: percentile(all, 99),
    byKind,
    failures: [...failures],
  };
  latencies = new Map(KINDS.map((k) => [k, []]));
  errors = 0;
  failures = new Set();
  return result;
}

/** Lets every virtual user finish its current scenario. */
async function stop(): Promise<void> {
  running = false;
  await Promise.allSettled(users);
}

serveChild({ pid: process.pid }, { start, snapshot, stop }, stop);
