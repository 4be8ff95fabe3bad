// An event's first round waits for its receivers only so long (HERALD_ROUND_BUDGET_MS): its local
// activity holds the workflow's task while it runs, and one slow receiver among a hundred would
// hold it, and the other deliveries' log, for as long as that receiver takes.

/** HERALD_ROUND_BUDGET_MS's default: well inside a second, so a workflow task is never held for one. */
export const DEFAULT_ROUND_BUDGET_MS = 500;

/**
 * Waits for the attempts up to `budgetMs`: those settled by then, and those still in flight. An
 * attempt never rejects (a receiver's failure is an outcome), so one that does is Herald's own
 * failure and fails the round, as before there was a budget.
 */
export async function settleWithin<T>(
  inFlight: Map<string, Promise<T>>,
  budgetMs: number,
  /** The key of an attempt's result in `inFlight`: one callback for the round, not one per attempt. */
  keyOf: (result: T) => string,
): Promise<{ settled: Map<string, T>; pending: Map<string, Promise<T>> }> {
  const settled = new Map<string, T>();
  const pending = new Map(inFlight);
  let timer: NodeJS.Timeout | undefined;
  const budget = new Promise<void>((resolve) => (timer = setTimeout(resolve, budgetMs)));
  const onSettled = (result: T) => {
    const id = keyOf(result);
    settled.set(id, result);
    pending.delete(id);
  };
  const all = Promise.all([...inFlight.values()].map((attempt) => attempt.then(onSettled)));
  try {
    await Promise.race([all, budget]);
  } finally {
    clearTimeout(timer);
  }
  // What settled in the same turn as the budget ran out is taken: no hand-off for it. Copies:
  // the attempts still in flight go on settling into the maps above.
  return { settled: new Map(settled), pending: new Map(pending) };
}

