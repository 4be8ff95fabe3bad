// The retention schedule: one Temporal Schedule per task queue, `herald-retention/<taskQueue>`,
// starting retentionWorkflow every hour and skipping a run while the last is still going. Made by
// each worker at start when it is missing; one already there is left as the operator may have
// changed it (paused it, changed its interval) in the Temporal UI.
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';

export const retentionScheduleId = (taskQueue: string) => `herald-retention/${taskQueue}`;

export async function ensureRetentionSchedule(client: Client, taskQueue: string): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId: retentionScheduleId(taskQueue),
      spec: { intervals: [{ every: '1 hour' }] },
      // No argument: a schedule's arguments are payloads, encrypted once under the payload key of
      // the day (HERALD_PAYLOAD_KEY) and never rewritten, so they would stop every run once that key
      // is retired. retentionWorkflow's defaults need none.
      action: { type: 'startWorkflow', workflowType: 'retentionWorkflow', taskQueue, args: [], workflowId: `retention/${taskQueue}` },
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
      state: { note: "Prunes events, deliveries and attempts older than each app's retentionDays." },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    // Made before that, with one argument ({}): dropped, the rest (interval, pause) left as it is.
    const handle = client.schedule.getHandle(retentionScheduleId(taskQueue));
    const { action } = await handle.describe();
    if (action.type === 'startWorkflow' && (action.args?.length ?? 0) > 0) {
      await handle.update((previous) => ({ ...previous, action: { ...previous.action, args: [] } }) as typeof previous);
    }
  }
}
