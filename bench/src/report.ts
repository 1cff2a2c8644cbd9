import { cpus, totalmem } from 'node:os';
import { pairedRatio, type Summary } from './harness/rounds.ts';
import { fmt, ratio } from './harness/stats.ts';
import type { ColdStart } from './suites/cold-start.ts';
import type { PasswordBurst } from './suites/password-burst.ts';
import type { SigningRate } from './suites/signing.ts';

/** Everything one `npm run bench` measured. */
export interface Results {
  date: string;
  machine: string;
  command: string;
  settings: string;
  signing?: SigningRate;
  coldStart?: ColdStart[];
  clientCredentials?: Summary[];
  /** localtenant's ROPC and on-behalf-of beside its client credentials (the `localtenant` row). */
  userFlows?: Summary[];
  code?: Summary[];
  codeIssuance?: Summary[];
  deviceCode?: Summary[];
  discovery?: Summary[];
  jwks?: Summary[];
  /** Client credentials beside the managed identity and federated grants, on one localtenant. */
  workloadFlows?: Summary[];
  guard?: Summary[];
  /** Client-credentials latency on one connection, idle and while wrong-password bursts run. */
  passwordBurst?: PasswordBurst;
  notes: string[];
}

/** A one-line description of this machine. */
export function describeMachine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${cpu}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}`;
}

const SUBJECT = 'localtenant';

function times(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : '–';
}

/** A Markdown table. */
export function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

/** A throughput table with latency, memory, failures, the ceiling fraction and localtenant's ratio. */
function throughput(
  title: string,
  unit: string,
  summaries: Summary[],
  ceiling?: number,
  perCall = 1,
): string {
  const subject = summaries.find((s) => s.name === SUBJECT);
  const head = [
    'system',
    `${unit}/s (median)`,
    'p50 ms',
    'p99 ms',
    'server CPU µs/req',
    'peak RSS MiB',
    'failed',
  ];
  if (ceiling) head.push('of RS256 ceiling (1 core)');
  head.push(`${SUBJECT} ÷ this (throughput)`, `this ÷ ${SUBJECT} (CPU per request)`);
  const rows = summaries.map((s) => {
    const row = [
      s.name,
      fmt(s.rps),
      fmt(s.p50),
      fmt(s.p99),
      fmt(s.cpuUsPerRequest),
      fmt(s.peakRssMiB),
      fmt(s.failures),
    ];
    if (ceiling) row.push(`${fmt(((s.rps * perCall) / ceiling) * 100)}%`);
    row.push(subject && s !== subject ? times(pairedRatio(subject, s)) : '');
    row.push(subject && s !== subject ? ratio(s.cpuUsPerRequest, subject.cpuUsPerRequest) : '');
    return row;
  });
  return `### ${title}\n\n${table(head, rows)}`;
}

/** Renders the results as Markdown (the README section and the console output). */
export function renderMarkdown(r: Results): string {
  const parts: string[] = [`Run ${r.date} on ${r.machine}.`, `Command: \`${r.command}\` (${r.settings}).`];
  const ceiling = r.signing?.sync;
  if (r.signing) {
    parts.push(
      `### RS256 signing ceiling (RSA-2048, best of 5 slices of ${fmt(r.signing.sliceS, 1)} s each)\n\n${table(
        ['probe', 'signatures/s'],
        [
          ['one core (synchronous `crypto.sign`; the ceiling below)', fmt(r.signing.sync)],
          [`all ${r.signing.threads} cores (thread pool, callback \`crypto.sign\`)`, fmt(r.signing.async)],
          [
            `all ${r.signing.threads} cores (WebCrypto \`subtle.sign\`, as jose signs)`,
            fmt(r.signing.webCrypto),
          ],
        ],
      )}`,
    );
  }
  if (r.clientCredentials?.length) {
    const client = r.clientCredentials.map((s) => `${s.name} ${fmt(s.clientCpuUsPerRequest)}`).join(', ');
    parts.push(
      `${throughput('Client credentials: token issuance', 'tokens', r.clientCredentials, ceiling)}\n\n` +
        `The load generator's own CPU per request (µs), on the same two cores: ${client}.`,
    );
  }
  if (r.userFlows?.length) {
    parts.push(
      `${throughput('User flows: ROPC and on-behalf-of beside client credentials (localtenant only)', 'tokens', r.userFlows, ceiling)}\n\n` +
        'The `localtenant` row is client credentials in the same rounds: the ratio columns compare each flow with it. ' +
        'ROPC checks a scrypt password hash per token; on-behalf-of verifies the user assertion (RS256) and signs one token.',
    );
  }
  if (r.codeIssuance?.length) {
    parts.push(
      `${throughput('Authorization code: issuance (GET /authorize with a signed-in session → redirect with a code)', 'codes', r.codeIssuance)}\n\n` +
        'No signature: a stored, single-use code per request (localtenant: SQLite; oidc-provider: its memory adapter).',
    );
  }
  if (r.code?.length) {
    parts.push(
      `${throughput('Authorization code + PKCE: redemption (access token + ID token)', 'redemptions', r.code, ceiling, 2)}\n\n` +
        'Two signatures per redemption; the ceiling column counts both.',
    );
  }
  if (r.deviceCode?.length) {
    parts.push(
      `${throughput('Device code: redemption (access token + ID token + refresh token)', 'tokens', r.deviceCode, ceiling, 2)}\n\n` +
        'One poll per approved device code; two signatures each (the ceiling column counts both). localtenant only.',
    );
  }
  if (r.discovery?.length) parts.push(throughput('Discovery document GET', 'requests', r.discovery));
  if (r.jwks?.length) parts.push(throughput('JWKS GET', 'requests', r.jwks));
  if (r.workloadFlows?.length) {
    parts.push(
      `${throughput('Managed identity and workload identity federation beside client credentials (localtenant only)', 'tokens', r.workloadFlows, ceiling)}\n\n` +
        "`localtenant` is client credentials with a secret on the same server; the federated assertion is verified against its issuer's JWKS (RS256) before the token is signed.",
    );
  }
  if (r.guard?.length) {
    const open = r.guard.find((g) => g.name.startsWith('unprotected'));
    const guard = r.guard.find((g) => g.name.startsWith('@localtenant/guard'));
    const rows = r.guard.map((g) => [
      g.name,
      fmt(g.rps),
      fmt(g.p50),
      fmt(g.p99),
      fmt(g.cpuUsPerRequest),
      fmt(g.failures),
      open ? `${fmt(pairedRatio(g, open) * 100)}%` : '–',
      open ? ratio(open.cpuUsPerRequest, g.cpuUsPerRequest) : '–',
      guard && g !== guard ? times(pairedRatio(guard, g)) : '',
    ]);
    parts.push(
      `### API guard: one Express route, the same localtenant token on every request\n\n${table(
        [
          'route',
          'requests/s (median)',
          'p50 ms',
          'p99 ms',
          'API CPU µs/req',
          'failed',
          'of unprotected (throughput)',
          'unprotected CPU ÷ this CPU',
          'guard ÷ this (throughput)',
        ],
        rows,
      )}`,
    );
  }
  if (r.passwordBurst) {
    const b = r.passwordBurst;
    const row = (name: string, s: PasswordBurst['idle']) => [
      name,
      fmt(s.count),
      fmt(s.p50, 1),
      fmt(s.p99, 1),
      fmt(s.max, 1),
    ];
    const answers = Object.entries(b.answers)
      .map(([k, n]) => `${k} × ${fmt(n)}`)
      .join(', ');
    parts.push(
      `### Client credentials while password sign-ins burst (localtenant only)\n\n${table(
        ['one keep-alive connection, tokens back to back', 'tokens', 'p50 ms', 'p99 ms', 'max ms'],
        [
          row('idle', b.idle),
          row(`during ${b.rounds} bursts of ${b.burstSize} wrong passwords`, b.underBurst),
        ],
      )}\n\nEach burst: one ROPC post with a wrong password for each of ${b.burstSize} users created through Graph (scrypt hashes), all at once on their own connections; median burst ${fmt(b.burstMs)} ms. Answers: ${answers}.`,
    );
  }
  if (r.coldStart?.length) {
    parts.push(
      `### Cold start (median of runs, systems alternating; localtenant with a fresh data directory each run)\n\n${table(
        [
          'system',
          'spawn → first token ms',
          'spawn → listening ms',
          'in-process start ms',
          'RSS after first token MiB',
        ],
        r.coldStart.map((c) => [
          c.name,
          fmt(c.toFirstTokenMs),
          fmt(c.toReadyMs),
          fmt(c.inProcessMs),
          fmt(c.rssAfterFirstTokenMiB),
        ]),
      )}`,
    );
  }
  if (r.notes.length) parts.push(r.notes.map((n) => `- ${n}`).join('\n'));
  return `${parts.join('\n\n')}\n`;
}
