// Bounds the events started by this process whose first delivery round has not finished yet.
// Eager workflow start hands a new workflow straight to the worker in this process; past what the
// worker can take at once, starts lose eager dispatch and queue on the server, where the newest
// are served first (../shared/PERFORMANCE.md). Waiting here instead turns overload into
// back-pressure on producers, in arrival order. Entries also expire, so a round finished by
// another process (or never reported) cannot hold the gate shut.

export interface InFlightGate {
  /**
   * Resolves when the event may start, to a release for a start that failed. Callers for a key
   * already in flight (a repeat POST of the same event) share its entry and one slot, and the
   * release gives back only this caller's share: it never ends an entry another start still holds.
   */
  enter(key: string): Promise<() => void>;
  /**
   * The event's first round goes to this many receivers: it holds that many of the delivery
   * slots until it is done (until then it holds none). Unknown keys are ignored.
   */
  weigh(key: string, deliveries: number): void;
  /** The event's first round finished here: its entry ends, whoever shares it. Unknown keys are ignored. */
  done(key: string): void;
  readonly size: number;
  /** Deliveries of the first rounds in flight, as weighed. */
  readonly deliveries: number;
}

interface Entry {
  holders: number;
  deliveries: number;
  timer: NodeJS.Timeout;
}

/**
 * At most `limit` events in flight, and no new one while their first rounds hold `deliveryLimit`
 * deliveries or more: at a fan-out of 100, 32 events make 3,200 requests at once, each round then
 * lasts seconds (holding its workflow task), and the box delivered less than with a few events
 * in flight (bench/fanout.ts). An event that alone exceeds the delivery limit still goes, alone.
 */
export function createInFlightGate(limit: number, expiryMs = 10_000, deliveryLimit = Infinity): InFlightGate {
  const inFlight = new Map<string, Entry>();
  let deliveries = 0;
  const hasRoom = () => inFlight.size < limit && deliveries < deliveryLimit;
  // Keyed by event in order of each key's first arrival (a Map iterates in insertion order), so
  // every caller waiting for one key is let in together, on one slot.
  const waiting = new Map<string, ((release: () => void) => void)[]>();

  function end(key: string, entry: Entry) {
    // A stale timer or release of an entry already ended (and perhaps begun again) frees nothing.
    if (inFlight.get(key) !== entry) return;
    clearTimeout(entry.timer);
    inFlight.delete(key);
    deliveries -= entry.deliveries;
    admitWaiting();
  }

  function admit(key: string): () => void {
    let entry = inFlight.get(key);
    if (!entry) {
      const created: Entry = { holders: 0, deliveries: 0, timer: setTimeout(() => end(key, created), expiryMs) };
      created.timer.unref();
      inFlight.set(key, created);
      entry = created;
    }
    const held = entry;
    held.holders++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--held.holders === 0) end(key, held);
    };
  }

  // A freed slot goes straight to the longest waiter, before it resumes: a newcomer entering in
  // the meantime finds the slot taken and queues behind it.
  function admitWaiting() {
    while (hasRoom()) {
      const first = waiting.entries().next();
      if (first.done) return;
      const [key, resolvers] = first.value;
      waiting.delete(key);
      for (const resolve of resolvers) resolve(admit(key));
    }
  }

  return {
    enter(key) {
      // Sharing an entry takes no slot, so it need not queue.
      if (inFlight.has(key) || (waiting.size === 0 && hasRoom())) return Promise.resolve(admit(key));
      return new Promise((resolve) => {
        const queue = waiting.get(key);
        if (queue) queue.push(resolve);
        else waiting.set(key, [resolve]);
      });
    },
    weigh(key, count) {
      const entry = inFlight.get(key);
      if (!entry) return;
      deliveries += count - entry.deliveries;
      entry.deliveries = count;
    },
    done(key) {
      const entry = inFlight.get(key);
      if (entry) end(key, entry);
    },
    get size() {
      return inFlight.size;
    },
    get deliveries() {
      return deliveries;
    },
  };
}
