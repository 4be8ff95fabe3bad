// The event as it travels from the API through the workflow to the channels. Pure: the workflow
// imports it.

export interface HeraldEvent {
  appId: string;
  id: string;
  type: string;
  data: Record<string, unknown>;
  /** ISO 8601; when the producer says it happened, else when Herald received it. */
  occurredAt: string;
  /**
   * Set on a replay (POST …/events/:id/replay): delivered again to its webhook endpoints (or the
   * one named) as new deliveries under a new webhook-id, recorded beside the first ones. A
   * recovery's (`recovery: true`) keeps the event's first webhook-id: it re-sends what may already
   * have arrived, and receivers deduplicate on that id.
   */
  replay?: { id: string; endpointId?: string; recovery?: boolean };
}

export function eventWorkflowId(appId: string, eventId: string): string {
  return `event/${appId}/${eventId}`;
}

export function replayWorkflowId(appId: string, eventId: string, replayId: string): string {
  return `replay/${appId}/${eventId}/${replayId}`;
}

/** The workflow that delivers this event (or this replay of it). */
export function workflowIdOf(event: HeraldEvent): string {
  return event.replay ? replayWorkflowId(event.appId, event.id, event.replay.id) : eventWorkflowId(event.appId, event.id);
}

/** The deliveries row of an endpoint for this event: a replay's sits beside the first one's. */
export function deliveryKeyOf(event: Pick<HeraldEvent, 'replay'>, endpointId: string): string {
  return event.replay ? `${endpointId}#${event.replay.id}` : endpointId;
}

/** The Standard Webhooks `webhook-id` source: a replay is a new message, under an id of its own; a recovery is the same message again. */
export function messageKeyOf(event: HeraldEvent): string {
  return event.replay && !event.replay.recovery ? `${event.id}#${event.replay.id}` : event.id;
}

/** Custom search attributes registered at start so the Temporal UI can filter events. */
export const SEARCH_ATTRIBUTE_NAMES = {
  appId: 'HeraldAppId',
  eventType: 'HeraldEventType',
} as const;

/** The webhook body of CONTRACT.md, serialised once and signed as these exact bytes. */
export function webhookBody(event: HeraldEvent): string {
  return JSON.stringify({ id: event.id, type: event.type, timestamp: event.occurredAt, data: event.data });
}

/** The workflow that delivers an ordered endpoint's queue, one at a time. */
export function orderedWorkflowId(appId: string, endpointId: string): string {
  return `ordered/${appId}/${endpointId}`;
}
