// Herald's command run as a real child process, as an operator runs it.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { testEnv } from './herald';

const root = path.resolve(__dirname, '..', '..');

export interface Child {
  process: ChildProcess;
  output: () => string;
  /** Resolves once the output contains `text`. */
  waitForOutput(text: string | RegExp, timeoutMs?: number): Promise<void>;
  exited: Promise<number | null>;
}

/**
 * SIGKILLs a process and every descendant at once (as a container runtime would), found by
 * parent id since PostgreSQL's postmaster leaves its parent's process group; resolves when all are gone.
 */
export async function killTree(rootPid: number): Promise<void> {
  const children = new Map<number, number[]>();
  for (const line of execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' }).trim().split('\n')) {
    const [pid, ppid] = line.trim().split(/\s+/).map(Number);
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const tree: number[] = [];
  const walk = (pid: number) => {
    tree.push(pid);
    for (const child of children.get(pid) ?? []) walk(child);
  };
  walk(rootPid);
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  for (const pid of tree) if (alive(pid)) process.kill(pid, 'SIGKILL');
  const deadline = Date.now() + 10_000;
  while (tree.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

/** With `group`, the process leads a process group of its own: a signal to -pid reaches it and its children, as Ctrl-C does. */
export function runHerald(command: string, env: Record<string, string>, options: { group?: boolean; nodeArgs?: string[] } = {}): Child {
  // One node process with tsx's loader (not the tsx wrapper, which would stand between the test's
  // signals and Herald: a SIGKILL must hit the worker itself).
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', path.join(root, 'bin', 'herald.ts'), command], {
    cwd: root,
    // Metrics on a port of their own each: several workers run at once in the suite.
    env: { ...process.env, HERALD_METRICS_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.group ?? false,
  });
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    listeners.forEach((l) => l());
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // The exit is seen before the last of the output is read: its pipes end after it (or, where a
  // child of its own still holds them, a moment is given).
  const streamEnded = (s: Readable) => new Promise<void>((resolve) => (s.readableEnded ? resolve() : s.once('end', () => resolve())));
  const drained = exited.then(() => Promise.race([Promise.all([streamEnded(child.stdout!), streamEnded(child.stderr!)]), new Promise((r) => setTimeout(r, 3000))]));
  return {
    process: child,
    output: () => output,
    exited,
    waitForOutput(text, timeoutMs = 60_000) {
      const matches = () => (typeof text === 'string' ? output.includes(text) : text.test(output));
      return new Promise<void>((resolve, reject) => {
        if (matches()) return resolve();
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no ${String(text)} in ${timeoutMs} ms; output:\n${output}`));
        }, timeoutMs);
        const check = () => {
          if (!matches()) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve();
        };
        listeners.add(check);
        void drained.then(() => {
          if (!matches()) {
            clearTimeout(timer);
            listeners.delete(check);
            reject(new Error(`herald ${command} exited before ${String(text)}; output:\n${output}`));
          }
        });
      });
    },
  };
}

/** A worker process on the run's Temporal and PostgreSQL, on this task queue, private targets allowed. */
export function runWorker(taskQueue: string, extraEnv: Record<string, string> = {}): Child {
  const env = testEnv();
  return runHerald('worker', {
    TEMPORAL_ADDRESS: env.temporalAddress,
    DATABASE_URL: env.databaseUrl,
    HERALD_ENCRYPTION_KEY: env.encryptionKey,
    HERALD_TASK_QUEUE: taskQueue,
    HERALD_ALLOW_PRIVATE_TARGETS: '1',
    ...extraEnv,
  });
}

/**
 * Worker processes a test starts on one task queue (each started like runWorker), and the one
 * place that kills those still running when it ends.
 */
export function workerProcesses(taskQueue: string, extraEnv: Record<string, string> = {}) {
  const started: Child[] = [];
  return {
    start(): Child {
      const worker = runWorker(taskQueue, extraEnv);
      started.push(worker);
      return worker;
    },
    killAll(): void {
      for (const w of started) if (w.process.exitCode === null) w.process.kill('SIGKILL');
    },
  };
}
