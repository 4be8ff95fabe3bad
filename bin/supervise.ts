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

export function supervise(parts: Supervised, io: SupervisorIo): { stop(reason: string, exitCode: number): Promise<void> } {
  let stopping: Promise<void> | undefined;
  const stop = (reason: string, exitCode: number): Promise<void> => {
    stopping ??= (async () => {
      io.log(`${reason}: stopping`);
      let code = exitCode;
      try {
        await parts.stop();
        io.log('stopped');
      } catch (err) {
        io.error('herald: stopping failed', err);
        code = code || 1;
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
