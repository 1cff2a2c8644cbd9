/**
 * Plain-text rendering of a {@link DiagnosisReport} for the terminal.
 */
import type { DiagnosisReport } from './diagnose.ts';

const MARK = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' } as const;

/** Renders the report: a summary of the token, one line per check, explanation and fix under failures. */
export function formatDiagnosis(report: DiagnosisReport): string {
  const lines: string[] = [];
  const s = report.summary;
  if (s) {
    lines.push('Token (decoded, not yet trusted):');
    const row = (label: string, value: string | undefined) => {
      if (value !== undefined && value !== '') lines.push(`  ${label.padEnd(10)} ${value}`);
    };
    row('version', s.version ? `v${s.version}.0 access token format` : undefined);
    row('issuer', s.issuer);
    row('tenant', s.tenantId);
    row('audience', s.audience);
    row('client app', s.clientApp);
    row('scopes', s.scopes.join(' '));
    row('roles', s.roles.join(' '));
    row('key id', s.kid);
    if (s.expiresIn !== undefined) {
      row('expires', s.expiresIn >= 0 ? `in ${s.expiresIn} s` : `${-s.expiresIn} s ago`);
    }
    lines.push('');
  }
  lines.push('Checks:');
  for (const check of report.checks) {
    lines.push(`  [${MARK[check.status]}] ${check.title}${check.code ? ` (${check.code})` : ''}`);
    if (check.explanation) lines.push(`         ${check.explanation}`);
    if (check.detail) lines.push(`         ${check.detail}`);
    if (check.fix) lines.push(`         Fix: ${check.fix}`);
  }
  const failures = report.checks.filter((c) => c.status === 'fail');
  lines.push('');
  lines.push(
    failures.length === 0
      ? 'Result: no check failed; an API configured this way accepts the token.'
      : `Result: REJECTED, ${failures.length} check(s) failed; the guard reports the first: ${failures[0]?.code}.`,
  );
  return lines.join('\n');
}
