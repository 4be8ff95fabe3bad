// CPU time of the processes a benchmark runs beside it (the Temporal server, PostgreSQL), read
// from /proc, so a run can say what each part spends per event.
import { readFileSync, readdirSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // Linux's USER_HZ: /proc's CPU times are in these

/**
 * CPU seconds used so far by these processes (user + system), from /proc/<pid>/stat, with that of
 * their children that have exited: PostgreSQL's backends end with their connections, and their
 * time then moves to the postmaster's count, so the total never goes down between two readings.
 */
export function cpuSeconds(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]); // utime, stime, cutime, cstime
    } catch {
      // gone
    }
  }
  return ticks / TICKS_PER_SECOND;
}

/** The parent of each process there is now. */
function parents(): Map<number, number> {
  const found = new Map<number, number>();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      found.set(pid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone
    }
  }
  return found;
}

/** These processes and their children (PostgreSQL's backends, one per connection), as they are now. */
export function withChildren(roots: number[]): number[] {
  return [...parents()].filter(([pid, parent]) => roots.includes(pid) || roots.includes(parent)).map(([pid]) => pid);
}

/** Every process whose command line contains `needle`, and their children. */
export function pidsMatching(needle: string): number[] {
  const roots = [...parents().keys()].filter((pid) => {
    if (pid === process.pid) return false;
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(needle);
    } catch {
      return false; // gone
    }
  });
  return withChildren(roots);
}

/** This process's own CPU seconds so far. */
export function ownCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/**
 * CPU seconds so far of this process's main thread: the one event loop that Herald's API, its
 * activities and the SDK's side of Core share (workflow code, V8's collector and Core's own
 * threads run beside it).
 */
export function mainThreadCpuSeconds(): number {
  const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}
