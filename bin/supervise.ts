// How a running `herald` process ends. A signal stops it cleanly (exit 0); anything else that
// ends it — the worker failing, or stopping without having been asked — is a crash, and exits
// non-zero so that a supervisor (systemd, Kubernetes, compose) restarts it. A failure while
// stopping is a crash too.

export interface Supervised {
  /** Stops every part in order (API, worker, infrastructure). */
  stop(): Promise<void>;
  /** Settles when the worker stops; rejects when it failed. Absent in an API-only process. */
  workerDone?: Promise<void>;
}

export interface SupervisorIo {
  log(line: string): void;
  error(line: string, err?: unknown): void;
  exit(code: number): void;
  onSignal(signal: NodeJS.Signals, handler: () => void): void;
}

/** The longest a stop may take: a part that hangs (a worker whose Temporal went first) is left. */
export const STOP_DEADLINE_MS = 30_000;

export function supervise(parts: Supervised, io: SupervisorIo, deadlineMs = STOP_DEADLINE_MS): { stop(reason: string, exitCode: number): Promise<void> } {
  let stopping: Promise<void> | undefined;
  const stop = (reason: string, exitCode: number): Promise<void> => {
    stopping ??= (async () => {
      io.log(`${reason}: stopping`);
      let code = exitCode;
      // The stop awaits parts whose native side holds no handle of Node's (the Temporal worker's
      // shutdown, when Ctrl-C stopped the dev server with it): without a timer of its own, Node
      // would find nothing left to wait for and end the process mid-stop, saying nothing.
      let deadline: NodeJS.Timeout | undefined;
      const overdue = new Promise<'overdue'>((resolve) => (deadline = setTimeout(() => resolve('overdue'), deadlineMs)));
      try {
        if ((await Promise.race([parts.stop().then(() => 'stopped' as const), overdue])) === 'overdue') {
          io.error(`herald: not stopped within ${deadlineMs / 1000} s; exiting`);
          code = code || 1;
        } else {
          io.log('stopped');
        }
      } catch (err) {
        io.error('herald: stopping failed', err);
        code = code || 1;
      } finally {
        clearTimeout(deadline);
      }
      io.exit(code);
    })();
    return stopping;
  };
  io.onSignal('SIGINT', () => void stop('SIGINT', 0));
  io.onSignal('SIGTERM', () => void stop('SIGTERM', 0));
  parts.workerDone?.then(
    () => {
      if (!stopping) {
        io.error('herald: the worker stopped without being asked to');
        void stop('worker stopped', 1);
      }
    },
    (err) => {
      io.error('herald: the worker failed', err);
      void stop('worker failure', 1);
    },
  );
  return { stop };
}
