// Bounds the events started by this process whose first delivery round has not finished yet.
// Eager workflow start hands a new workflow straight to the worker in this process; past what the
// worker can take at once, starts lose eager dispatch and queue on the server, where the newest
// are served first (../shared/PERFORMANCE.md). Waiting here instead turns overload into
// back-pressure on producers, in arrival order. Entries also expire, so a round finished by
// another process (or never reported) cannot hold the gate shut.

export interface InFlightGate {
  /** Resolves when the event may start; `key` is later passed to `done`. */
  enter(key: string): Promise<void>;
  /** The event's first round finished here (or its start failed). Unknown keys are ignored. */
  done(key: string): void;
  readonly size: number;
}

export function createInFlightGate(limit: number, expiryMs = 10_000): InFlightGate {
  const inFlight = new Map<string, NodeJS.Timeout>();
  const waiting: (() => void)[] = [];

  function release(key: string) {
    const timer = inFlight.get(key);
    if (!timer) return;
    clearTimeout(timer);
    inFlight.delete(key);
    waiting.shift()?.();
  }

  return {
    async enter(key) {
      while (inFlight.size >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
      const timer = setTimeout(() => release(key), expiryMs);
      timer.unref();
      inFlight.set(key, timer);
    },
    done: release,
    get size() {
      return inFlight.size;
    },
  };
}
