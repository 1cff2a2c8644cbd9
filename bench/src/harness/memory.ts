import { readdirSync, readFileSync } from 'node:fs';

function readRssKiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

function childrenOf(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Field 4 (ppid) follows the command name, which sits in parentheses and may contain spaces.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) found.push(Number(entry));
    } catch {
      // the process went away between readdir and read
    }
  }
  return found;
}

/**
 * Resident memory in MiB of a process and all its descendants (worker threads are inside the process;
 * cluster workers or helper processes are descendants). Linux `/proc` only; 0 elsewhere.
 */
export function treeRssMiB(pid: number): number {
  let total = readRssKiB(pid);
  for (const child of childrenOf(pid)) total += treeRssMiB(child) * 1024;
  return total / 1024;
}

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on Linux

function readCpuTicks(pid: number): number {
  return readCpuTicksOf(`/proc/${pid}/stat`);
}

function readCpuTicksOf(path: string): number {
  try {
    const stat = readFileSync(path, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of /proc/PID/stat (indexes 11 and 12 after the command name).
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/**
 * CPU time in milliseconds (user + system, all threads) consumed so far by a process and its descendants.
 * Linux `/proc` only (10 ms resolution); 0 elsewhere.
 */
export function treeCpuMs(pid: number): number {
  let ticks = readCpuTicks(pid);
  for (const child of childrenOf(pid)) ticks += (treeCpuMs(child) * TICKS_PER_SECOND) / 1000;
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/** Samples `treeRssMiB(pid)` every `everyMs` until stopped; `stop()` returns the peak seen. */
export function sampleRss(pid: number, everyMs = 200): { stop(): number } {
  let peak = treeRssMiB(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, treeRssMiB(pid));
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, treeRssMiB(pid));
    },
  };
}

/**
 * CPU time in milliseconds consumed so far by one process, split into its main thread (the event loop) and
 * all its other threads (thread pool, V8 helpers, the tsx loader). Linux `/proc/PID/task` only.
 */
export function threadCpuMs(pid: number): { main: number; others: number } {
  let main = 0;
  let others = 0;
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const ms = (readCpuTicksOf(`/proc/${pid}/task/${tid}/stat`) * 1000) / TICKS_PER_SECOND;
      if (tid === String(pid)) main += ms;
      else others += ms;
    }
  } catch {
    // not Linux, or the process is gone
  }
  return { main, others };
}
