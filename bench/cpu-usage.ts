// CPU accounting for benchmarks that run several processes (Linux /proc): how busy the whole machine was over a
// window, and how much of it given processes used, so a scaling row can say what the hardware allowed.
import { readFileSync } from 'node:fs';
import os from 'node:os';

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on Linux

interface Snapshot {
  at: number;
  /** Busy and total jiffies of all CPUs (/proc/stat `cpu` line). */
  busy: number;
  total: number;
  /** CPU ticks (utime + stime) of each watched process. */
  procs: Map<number, number>;
}

function machineTicks(): { busy: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const total = v.reduce((a, b) => a + b, 0);
    const idle = (v[3] ?? 0) + (v[4] ?? 0); // idle + iowait
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

function processTicks(pid: number): number {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]);
  } catch {
    return 0;
  }
}

export interface CpuWindow {
  /** Cores' worth of CPU the machine spent, on average (2.0 = both cores of a 2-core machine all the time). */
  machineCores: number;
  cores: number;
  /** Cores' worth each watched process spent. */
  processCores: Map<number, number>;
}

/** Starts a window over the machine and the given processes; `end()` gives what they used. Null where /proc is absent. */
export function cpuWindow(pids: readonly number[]): { end(): CpuWindow } | null {
  const m = machineTicks();
  if (!m) return null;
  const start: Snapshot = { at: performance.now(), ...m, procs: new Map(pids.map((p) => [p, processTicks(p)])) };
  return {
    end() {
      const e = machineTicks()!;
      const secs = (performance.now() - start.at) / 1000;
      const cores = os.cpus().length;
      const processCores = new Map([...start.procs].map(([pid, t]) => [pid, (processTicks(pid) - t) / TICKS_PER_SECOND / secs]));
      // /proc/stat counts jiffies of all CPUs together: busy share × cores = cores' worth in use.
      return { machineCores: ((e.busy - start.busy) / Math.max(1, e.total - start.total)) * cores, cores, processCores };
    },
  };
}
