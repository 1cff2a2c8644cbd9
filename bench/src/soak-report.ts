import { KINDS } from './harness/soak-load.ts';
import { fmt } from './harness/stats.ts';
import { table } from './report.ts';
import type { SoakResults } from './suites/soak.ts';

/** The soak as Markdown: the verdict, then one row per interval (the README section and the console output). */
export function renderSoak(
  r: SoakResults,
  header: { date: string; machine: string; command: string },
): string {
  const v = r.verdict;
  const verdict =
    v.flat === undefined
      ? `too short to judge (${v.samples} samples after warm-up)`
      : `${v.flat ? '**flat**' : '**growing**'}: ${fmt(v.slopeMiBPerMin, 2)} MiB/min over the ${v.samples} samples after warm-up`;
  const rows = r.samples.map((s) => [
    fmt(s.minute, 1),
    fmt(s.rps),
    fmt(s.p50, 1),
    fmt(s.p99, 1),
    ...KINDS.map((k) => (s.byKind[k].n ? fmt(s.byKind[k].p99) : '–')),
    fmt(s.errors),
    fmt(s.rssMiB),
    fmt(s.rssMedianMiB),
    fmt(s.rssPeakMiB),
  ]);
  return [
    `Run ${header.date} on ${header.machine}.`,
    `Command: \`${header.command}\` (${r.users} virtual users in a separate load process, a row every ${r.intervalS} s; RSS of the localtenant server process alone, sampled every second).`,
    `Machine load: before \`${r.uptimeBefore}\`; after \`${r.uptimeAfter}\`.`,
    `- Peak RSS **${fmt(r.peakRssMiB)} MiB** (${fmt(r.startRssMiB)} MiB after start-up, before the load).`,
    `- Memory after warm-up: ${verdict}. Rule: ignore the first ${fmt(r.rule.warmupMinutes, 1)} min, fit a least-squares line to each interval's median RSS, flat when its slope is under ${fmt(r.rule.maxSlopeMiBPerMin, 1)} MiB/min.`,
    table(
      [
        'min',
        'requests/s',
        'p50 ms',
        'p99 ms',
        ...KINDS.map((k) => `p99 ${k} ms`),
        'errors',
        'RSS MiB',
        'RSS median MiB',
        'RSS peak MiB',
      ],
      rows,
    ),
  ].join('\n\n');
}
