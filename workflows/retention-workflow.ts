// Run by the Temporal Schedule `herald-retention/<taskQueue>` (every hour, never two at once):
// prunes what is older than each app's retentionDays, in batches, until a batch comes back short.
// Its progress and totals are on its page in the Temporal UI.
import { readable } from '../domain/readable-summary';
import { continueAsNew, proxyLocalActivities, setCurrentDetails, type LocalActivityOptions } from '@temporalio/workflow';
import type { Activities } from '../activities';

const options: LocalActivityOptions = {
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
};
const { pruneExpired } = proxyLocalActivities<Activities>(options);

export const RETENTION_BATCH = 1000;
/** Batches per run before it continues as new (each is two history events). */
const BATCHES_PER_RUN = 500;

export async function retentionWorkflow(input: { batch?: number; pruned?: { events: number; attempts: number } } = {}): Promise<{ events: number; attempts: number }> {
  const batch = input.batch ?? RETENTION_BATCH;
  const total = { ...(input.pruned ?? { events: 0, attempts: 0 }) };
  for (let i = 0; i < BATCHES_PER_RUN; i++) {
    const pruned = await pruneExpired.executeWithOptions({ ...options, summary: readable(`prune a batch of ${batch}`) }, [{ batch }]);
    total.events += pruned.events;
    total.attempts += pruned.attempts;
    setCurrentDetails(`Pruned ${total.events} events and ${total.attempts} attempts so far.`);
    if (pruned.events < batch) return total;
  }
  return continueAsNew<typeof retentionWorkflow>({ batch, pruned: total });
}
