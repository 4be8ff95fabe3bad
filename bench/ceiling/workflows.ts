// The Temporal ceiling: the least a workflow per event can do — one local activity making the
// same HTTP POST Herald makes. No API, no database.
import { condition, defineSignal, proxyLocalActivities, setHandler } from '@temporalio/workflow';
import type { createCeilingActivities } from './activities';

const { post, touch } = proxyLocalActivities<ReturnType<typeof createCeilingActivities>>({ startToCloseTimeout: '30s' });

export async function ceilingWorkflow(url: string, body: string): Promise<number> {
  return post(url, body);
}

// The presence path at its least, for the presence scenario: Herald's design there is two
// workflows per event (the event's, then a task of the user's entity workflow), and this is the
// same shape with nothing else in it. Its rate is the most that shape gets from this box.

export const touchSignal = defineSignal<[string]>('touch');

/** An entity workflow that takes signals and holds nothing; parked between them, as a user's is. */
export async function ceilingEntityWorkflow(): Promise<void> {
  let touches = 0;
  setHandler(touchSignal, () => void touches++);
  await condition(() => touches < 0);
}

/** The POST, then signalWithStart of the entity's workflow, as Herald's event workflow does for a presence event. */
export async function ceilingPresenceWorkflow(url: string, body: string, entityId: string): Promise<number> {
  const status = await post(url, body);
  await touch(entityId);
  return status;
}
