import { Agent, request } from 'node:https';
import { clientCredentialsForm } from '../config.ts';
import type { BenchContext } from '../harness/context.ts';
import { median } from '../harness/stats.ts';
import { startSystem } from './identity-servers.ts';

/** The demo tenant's provisioner (Graph User.ReadWrite.All) and ROPC test runner (examples/tenant.yaml). */
const PROVISIONER = {
  clientId: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d',
  secret: 'provisioner-demo-secret-3Jx~nB8vK2wQ',
};
const TEST_RUNNER = 'e8f9a0b1-c2d3-4e4f-8a5b-6c7d8e9f0a1b';
const API_SCOPE = 'api://3f9a6c1e-5b7d-4e2a-8c0f-1a2b3c4d5e6f/access_as_user';

/** Client-credentials latency while nothing else runs, and while a burst of password sign-ins runs. */
export interface PasswordBurst {
  /** Wrong-password ROPC posts per burst, one per user (each user's password is an scrypt hash). */
  burstSize: number;
  rounds: number;
  idle: { p50: number; p99: number; max: number; count: number };
  underBurst: { p50: number; p99: number; max: number; count: number };
  /** Median time from the first post of a burst to its last answer. */
  burstMs: number;
  /** Answers to the burst's posts by HTTP status and AADSTS code, all rounds together. */
  answers: Record<string, number>;
}

interface Answer {
  status: number;
  body: string;
}

function post(
  url: string,
  body: string,
  agent: Agent | false,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return new Promise((done, fail) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': body.startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          ...headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => done({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', fail);
    req.end(body);
  });
}

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
};

const summary = (ms: number[]) => ({
  p50: median(ms),
  p99: percentile(ms, 99),
  max: Math.max(...ms),
  count: ms.length,
});

/**
 * Token signing under a password burst: a localtenant CLI (its own process and thread pool), `burstSize` users
 * created through Graph (so their passwords are scrypt hashes, as run-time passwords are), then per round one
 * wrong-password ROPC post for every user at once (each on its own connection, as a spraying client would send
 * them) while one keep-alive connection asks for client-credentials tokens back to back, one at a time.
 * Reports that connection's latency idle and during the bursts.
 */
export async function benchPasswordBurst(ctx: BenchContext, burstSize = 60): Promise<PasswordBurst> {
  const lt = await startSystem('localtenant');
  const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const { tokenUrl, url } = lt.info;
    const cc = clientCredentialsForm();
    const ccOnce = async (): Promise<number> => {
      const began = performance.now();
      const res = await post(tokenUrl, cc, keepAlive);
      if (res.status !== 200)
        throw new Error(`client credentials answered ${res.status}: ${res.body.slice(0, 200)}`);
      return performance.now() - began;
    };
    const graphToken = JSON.parse(
      (
        await post(
          tokenUrl,
          new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: PROVISIONER.clientId,
            client_secret: PROVISIONER.secret,
            scope: 'https://graph.microsoft.com/.default',
          }).toString(),
          keepAlive,
        )
      ).body,
    ).access_token as string;
    const run = Date.now().toString(36);
    const users: string[] = [];
    for (let i = 0; i < burstSize; i++) {
      const upn = `burst-${run}-${i}@contoso.onmicrosoft.com`;
      const created = await post(
        `${url}/v1.0/users`,
        JSON.stringify({
          accountEnabled: true,
          displayName: `Burst ${i}`,
          mailNickname: `burst${i}`,
          userPrincipalName: upn,
          passwordProfile: { forceChangePasswordNextSignIn: false, password: `Burst!Passw0rd-${i}` },
        }),
        keepAlive,
        { authorization: `Bearer ${graphToken}` },
      );
      if (created.status !== 201)
        throw new Error(`Graph POST /users answered ${created.status}: ${created.body.slice(0, 200)}`);
      users.push(upn);
    }
    for (let i = 0; i < 20; i++) await ccOnce();
    const idle: number[] = [];
    for (let i = 0; i < 100; i++) idle.push(await ccOnce());

    const underBurst: number[] = [];
    const burstMs: number[] = [];
    const answers: Record<string, number> = {};
    for (let round = 0; round < ctx.rounds; round++) {
      const began = performance.now();
      let running = true;
      const burst = Promise.all(
        users.map(async (username, i) => {
          const form = new URLSearchParams({
            grant_type: 'password',
            client_id: TEST_RUNNER,
            scope: API_SCOPE,
            username,
            password: `wrong-${round}-${i}`,
          }).toString();
          const res = await post(tokenUrl, form, false);
          const code = (JSON.parse(res.body) as { error_codes?: number[] }).error_codes?.[0];
          const key = `${res.status}${code ? ` AADSTS${code}` : ''}`;
          answers[key] = (answers[key] ?? 0) + 1;
        }),
      ).then(() => {
        burstMs.push(performance.now() - began);
        running = false;
      });
      while (running) underBurst.push(await ccOnce());
      await burst;
      await new Promise((r) => setTimeout(r, 500));
    }
    const result = {
      burstSize,
      rounds: ctx.rounds,
      idle: summary(idle),
      underBurst: summary(underBurst),
      burstMs: median(burstMs),
      answers,
    };
    ctx.log(`  password burst: ${JSON.stringify(result)}`);
    return result;
  } finally {
    keepAlive.destroy();
    await lt.stop();
  }
}
