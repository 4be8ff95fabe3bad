// One workflow per recovery (id `recover/<appId>/<endpointId>/<recoveryId>`): every event of the
// window with a failed delivery to the endpoint is delivered to it again, as a replay (a child
// eventWorkflow, `replay/<app>/<event>/<recoveryId>`), at most `concurrency` at a time. Its walk
// through the events is a cursor in its own state, so a worker restart resumes where it was, and
// it continues as new before its history grows long. Progress goes to its page in the Temporal UI
// and to the `recoveries` row the API reads.
import { readable } from '../domain/readable-summary';
import {
  ApplicationFailure,
  ContinueAsNew,
  continueAsNew,
  isCancellation,
  ParentClosePolicy,
  proxyLocalActivities,
  setCurrentDetails,
  startChild,
  workflowInfo,
  type LocalActivityOptions,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Activities } from '../activities';
import type { RecoveryCursor, RecoveryProgress } from '../domain/recovery';
import { workflowIdOf, type HeraldEvent } from '../domain/event-envelope';
import { eventSearchAttributes, searchAttributeKeys } from '../domain/search-attributes';
import { eventWorkflow } from './event-workflow';

const options: LocalActivityOptions = {
  startToCloseTimeout: '1 minute',
  localRetryThreshold: '2 seconds',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 20 },
};
const { recoveryPage, saveRecovery } = proxyLocalActivities<Activities>(options);

/** Replays started per run before it continues as new (each is a handful of history events). */
const REPLAYS_PER_RUN = 500;

export interface RecoverInput {
  appId: string;
  endpointId: string;
  recoveryId: string;
  /** Replays delivering at once. */
  concurrency: number;
  /** Carried over by continue-as-new. */
  cursor?: RecoveryCursor;
  progress?: RecoveryProgress;
}

export async function recoverWorkflow(input: RecoverInput): Promise<RecoveryProgress> {
  const { appId, endpointId, recoveryId } = input;
  const progress: RecoveryProgress = { ...(input.progress ?? { found: 0, delivered: 0, failed: 0 }) };
  const running = new Set<Promise<void>>();
  const indexed = workflowInfo().typedSearchAttributes.get(searchAttributeKeys[0]) !== undefined;
  let cursor = input.cursor;
  let started = 0;

  const show = (state: string) =>
    setCurrentDetails(
      `Recovering the failed deliveries of endpoint \`${endpointId}\`: ${state}.\n\n` +
        `- found: ${progress.found}\n- delivered again: ${progress.delivered}\n- failed again: ${progress.failed}\n- delivering now: ${running.size}`,
    );
  const save = (status: 'running' | 'completed' | 'failed', error?: string) =>
    saveRecovery.executeWithOptions({ ...options, summary: readable(`save progress (${status})`) }, [{ id: recoveryId, progress: { ...progress }, status, ...(error && { error }) }]);

  /** Delivers one event again to the endpoint and counts how it went. */
  async function replay(event: HeraldEvent): Promise<void> {
    const replayed: HeraldEvent = { ...event, replay: { id: recoveryId, endpointId, recovery: true } };
    try {
      const child = await startChild(eventWorkflow, {
        workflowId: workflowIdOf(replayed),
        args: [replayed],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        ...(indexed && { typedSearchAttributes: eventSearchAttributes(event) }),
        staticSummary: readable(`${event.type} · recovery ${recoveryId} of event ${event.id} to ${endpointId}`),
      });
      const result = await child.result();
      const delivery = result.deliveries.find((d) => d.endpointId === endpointId);
      if (delivery?.verdict === 'delivered') progress.delivered++;
      else progress.failed++;
    } catch (err) {
      if (isCancellation(err)) throw err;
      // Started already by an earlier run of this recovery: its delivery is counted there.
      if (err instanceof WorkflowExecutionAlreadyStartedError) return;
      progress.failed++;
    }
    show('delivering');
    await save('running');
  }

  try {
    show('looking for failed deliveries');
    for (;;) {
      const page = await recoveryPage.executeWithOptions({ ...options, summary: readable('find failed deliveries') }, [
        { appId, endpointId, recoveryId, ...(cursor && { cursor }) },
      ]);
      progress.found += page.events.length;
      for (const event of page.events) {
        while (running.size >= input.concurrency) await Promise.race(running);
        const one: Promise<void> = replay(event).finally(() => running.delete(one));
        running.add(one);
        started++;
      }
      cursor = page.cursor;
      show(cursor ? 'delivering' : 'finishing');
      await save('running');
      if (!cursor) break;
      if (started >= REPLAYS_PER_RUN) {
        // The replays are abandoned children: waiting for them keeps the counts in this run.
        await Promise.all(running);
        return await continueAsNew<typeof recoverWorkflow>({ ...input, cursor, progress });
      }
    }
    await Promise.all(running);
    show('done');
    await save('completed');
    return progress;
  } catch (err) {
    if (isCancellation(err) || err instanceof ContinueAsNew) throw err;
    const reason = (err as Error).message;
    await save('failed', reason).catch(() => undefined);
    throw ApplicationFailure.nonRetryable(`the recovery failed: ${reason}`, 'RecoveryFailed');
  }
}
