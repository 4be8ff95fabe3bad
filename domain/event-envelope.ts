// The event as it travels from the API through the workflow to the channels. Pure: the workflow
// imports it.

export interface HeraldEvent {
  appId: string;
  id: string;
  type: string;
  data: Record<string, unknown>;
  /** ISO 8601; when the producer says it happened, else when Herald received it. */
  occurredAt: string;
}

export function eventWorkflowId(appId: string, eventId: string): string {
  return `event/${appId}/${eventId}`;
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
