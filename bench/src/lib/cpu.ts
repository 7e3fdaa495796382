import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time spent by groups of processes, read from /proc (Linux): user + system ticks, so a run can
 * say where each request's CPU went (API, worker, PostgreSQL, Redis, the load generator itself).
 * Unlike a rate, CPU per request barely moves when other work shares the machine.
 */
const ticksPerSecond = 100;

/** User + system ticks from a /proc stat file's text, and (reaped = true) those of reaped children. */
function statTicks(stat: string, reaped = false): number {
  // Fields after the command name (which may hold spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]) + (reaped ? Number(fields[13]) + Number(fields[14]) : 0);
}

function processTicks(pid: number): number {
  try {
    // This process also counts the children it has reaped: a load generator run as a child (vegeta).
    return statTicks(readFileSync(`/proc/${pid}/stat`, 'utf8'), pid === process.pid);
  } catch {
    return 0; // gone since it was listed
  }
}

/** CPU ticks of each thread of a process, with its name (e.g. OpenSearch's "C2 CompilerThre"). */
export function threadTicks(pid: number): { tid: number; name: string; ticks: number }[] {
  const threads: { tid: number; name: string; ticks: number }[] = [];
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        threads.push({ tid: Number(tid), name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), ticks: statTicks(stat) });
      } catch {
        // the thread ended while listed
      }
    }
  } catch {
    // the process stopped
  }
  return threads;
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
