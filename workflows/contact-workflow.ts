// One entity workflow per SMS contact (id `contact/<appId>/<contactId>`), started by
// signalWithStart from the event workflows of the contact's delivery reports, unsubscribes,
// status changes and inbound messages. It holds the bounce count, the subscription and the
// carrier status (domain/contacts.ts), says `contact.bounced` at the app's threshold, and writes a
// copy of its state to PostgreSQL for sends to check. Parked between signals, it costs the worker
// nothing; it continues as new before its history grows long.
import { readable } from '../domain/readable-summary';
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  proxyLocalActivities,
  setHandler,
  uuid4,
  workflowInfo,
  type LocalActivityOptions,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { HeraldEvent } from '../domain/event-envelope';
import { applyContactUpdate, newContactState, type ContactSettings, type ContactState, type ContactUpdate } from '../domain/contacts';
import { emitEvent } from './event-workflow';

export const contactSignal = defineSignal<[ContactUpdate & { settings: ContactSettings }]>('contact');
export const contactStateQuery = defineQuery<ContactState>('state');

export interface ContactWorkflowInput {
  appId: string;
  contactId: string;
  settings: ContactSettings;
  state?: ContactState;
  /** Events said (contact.bounced) waiting to be started when the last run continued as new. */
  due?: HeraldEvent[];
  /** Continue as new past this many history events (tests set it low). */
  maxHistoryEvents?: number;
  /** Herald's search attributes on the events it says (off only where the server has none). */
  indexEvents?: boolean;
}

const DEFAULT_MAX_HISTORY_EVENTS = 2000;

const saveOptions: LocalActivityOptions = {
  startToCloseTimeout: '1 minute',
  localRetryThreshold: '2 seconds',
  // PostgreSQL away: keep trying (durable timers past 2 s); the state itself is safe in the workflow.
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '5 minutes' },
};
const { saveContact } = proxyLocalActivities<Activities>(saveOptions);

export async function contactWorkflow(input: ContactWorkflowInput): Promise<void> {
  const state = input.state ?? newContactState(input.appId, input.contactId);
  const due: HeraldEvent[] = [...(input.due ?? [])];
  let settings = input.settings;
  let unsaved = input.state === undefined;

  setHandler(contactStateQuery, () => state);
  setHandler(contactSignal, ({ settings: latest, ...update }) => {
    settings = latest;
    const before = state.recentEventIds.length;
    const { bounced } = applyContactUpdate(state, update, settings);
    if (state.recentEventIds.length !== before || bounced) unsaved = true;
    if (bounced) {
      due.push({ appId: state.appId, id: `evt_bounced_${uuid4()}`, type: 'contact.bounced', data: bounced, occurredAt: new Date(Date.now()).toISOString() });
    }
  });

  const maxHistory = input.maxHistoryEvents ?? DEFAULT_MAX_HISTORY_EVENTS;
  const historyTooLong = () => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > maxHistory;

  for (;;) {
    await condition(() => unsaved || due.length > 0 || historyTooLong());
    if (unsaved) {
      unsaved = false;
      await saveContact.executeWithOptions({ ...saveOptions, summary: readable(`save contact ${state.contactId}`) }, [{ ...state, recentEventIds: [] }]);
    }
    while (due.length > 0) {
      const event = due[0];
      await emitEvent(event, `contact ${state.contactId} bounced ${String(event.data.bounces)} times`, input.indexEvents ?? true);
      due.shift();
    }
    if (historyTooLong()) {
      await condition(allHandlersFinished);
      if (unsaved || due.length > 0) continue;
      await continueAsNew<typeof contactWorkflow>({ ...input, settings, state, due });
    }
  }
}
