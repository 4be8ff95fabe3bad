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

/** These processes and their children (PostgreSQL's backends, one per connection), as they are now. */
export function withChildren(roots: number[]): number[] {
  const all = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
  return all.filter((pid) => {
    if (roots.includes(pid)) return true;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return roots.includes(Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      return false;
    }
  });
}

/** Every process whose command line contains `needle`, and their children. */
export function pidsMatching(needle: string): number[] {
  const all = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
  const parents = new Map<number, number>();
  const roots: number[] = [];
  for (const pid of all) {
    if (pid === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      parents.set(pid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(needle)) roots.push(pid);
    } catch {
      // gone
    }
  }
  return all.filter((pid) => roots.includes(pid) || roots.includes(parents.get(pid) ?? -1));
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
