import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time spent by groups of processes, read from /proc (Linux): user + system ticks, so a run can
 * say where each request's CPU went (API, worker, PostgreSQL, Redis, the load generator itself).
 * Unlike a rate, CPU per request barely moves when other work shares the machine.
 */
const ticksPerSecond = 100;

function processTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // This process also counts the children it has reaped: a load generator run as a child (vegeta).
    const reaped = pid === process.pid ? Number(fields[13]) + Number(fields[14]) : 0;
    return Number(fields[11]) + Number(fields[12]) + reaped;
  } catch {
    return 0; // gone since it was listed
  }
}

function command(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** Processes whose command line matches, e.g. every PostgreSQL backend of the private cluster. */
export function pidsMatching(pattern: RegExp): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => pattern.test(command(pid)));
}

export type CpuGroups = Record<string, () => number[]>;

export interface CpuSnapshot {
  at: number;
  ticks: Record<string, Map<number, number>>;
}

export function cpuSnapshot(groups: CpuGroups): CpuSnapshot {
  const ticks: CpuSnapshot['ticks'] = {};
  for (const [name, pids] of Object.entries(groups)) ticks[name] = new Map(pids().map((pid) => [pid, processTicks(pid)]));
  return { at: performance.now(), ticks };
}

/** CPU seconds per group between two snapshots (processes new in `to` count from zero), and the wall time. */
export function cpuBetween(from: CpuSnapshot, to: CpuSnapshot): { wallSeconds: number; cpuSeconds: Record<string, number> } {
  const cpuSeconds: Record<string, number> = {};
  for (const [name, now] of Object.entries(to.ticks)) {
    let ticks = 0;
    for (const [pid, value] of now) ticks += value - (from.ticks[name]?.get(pid) ?? 0);
    cpuSeconds[name] = ticks / ticksPerSecond;
  }
  return { wallSeconds: (to.at - from.at) / 1000, cpuSeconds };
}
