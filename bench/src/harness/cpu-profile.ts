import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time of one function or one area, in milliseconds and as a share of the busy (non-idle) time. */
export interface Hotspot {
  name: string;
  ms: number;
  share: number;
}

/** A `.cpuprofile` summarised: busy time, top functions by self time, and self time by area (package/file). */
export interface ProfileSummary {
  busyMs: number;
  idleMs: number;
  functions: Hotspot[];
  areas: Hotspot[];
  /** Inclusive (self + callees, synchronous part only) time of the repository's own functions. */
  ownInclusive: Hotspot[];
}

/** The package (node_modules), repository file, or V8/Node bucket a call frame belongs to. */
export function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1]!;
  if (url.startsWith('node:')) return 'node internals';
  const repo = /\/(packages\/[^/]+\/src\/.+)$/.exec(url);
  if (repo) return repo[1]!;
  return url.replace(/^file:\/\//, '');
}

function shortUrl(url: string): string {
  const modules = /node_modules\/(.+)$/.exec(url);
  if (modules) return modules[1]!;
  const repo = /\/(packages\/.+)$/.exec(url);
  return repo ? repo[1]! : url.replace(/^file:\/\//, '');
}

function top(map: Map<string, number>, busyMs: number, count: number): Hotspot[] {
  return [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, ms]) => ({ name, ms, share: ms / busyMs }));
}

/**
 * Reads a V8 CPU profile (as written by `node --cpu-prof`) and sums self time by function and by area.
 * `window` keeps only samples taken between two CLOCK_MONOTONIC instants in microseconds
 * (`process.hrtime.bigint() / 1000n` in any process of the machine: V8 stamps samples with the same clock).
 */
export function summariseProfile(
  path: string,
  count = 25,
  window: { fromUs: number; toUs: number } = { fromUs: 0, toUs: Number.POSITIVE_INFINITY },
): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const inclusive = new Map<string, number>();
  const functions = new Map<string, number>();
  const areas = new Map<string, number>();
  let idleMs = 0;
  let busyMs = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at < window.fromUs || at > window.toUs) return;
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const frame = byId.get(id)?.callFrame;
    if (!frame) return;
    if (frame.functionName === '(idle)') {
      idleMs += ms;
      return;
    }
    busyMs += ms;
    const where = frame.url
      ? ` ${shortUrl(frame.url)}${frame.lineNumber > 0 ? `:${frame.lineNumber + 1}` : ''}`
      : '';
    const name = `${frame.functionName || '(anonymous)'}${where}`;
    functions.set(name, (functions.get(name) ?? 0) + ms);
    const area = areaOf(frame.url, frame.functionName);
    areas.set(area, (areas.get(area) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const f = byId.get(at)?.callFrame;
      if (!f || !/\/packages\/[^/]+\/src\//.test(f.url)) continue;
      const own = `${f.functionName || '(anonymous)'} ${shortUrl(f.url)}`;
      if (seen.has(own)) continue;
      seen.add(own);
      inclusive.set(own, (inclusive.get(own) ?? 0) + ms);
    }
  });
  return {
    busyMs,
    idleMs,
    functions: top(functions, busyMs, count),
    areas: top(areas, busyMs, count),
    ownInclusive: top(inclusive, busyMs, count),
  };
}
