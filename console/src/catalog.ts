// The event types Herald knows, with a sample of each (served by the API at /console/catalog.json
// from domain/), and what each means in one line, for checkboxes and the simulator.
export interface Catalog {
  types: string[];
  examples: Record<string, Record<string, unknown>>;
}

export const DESCRIPTIONS: Record<string, string> = {
  'user.online': 'a user came online',
  'user.offline': 'a user went offline',
  'message.created': 'a message was sent to a user',
  'message.offline': 'Herald: a message waits for an offline user',
  'message.sent': 'a message left the sender',
  'message.delivered': 'a message reached the recipient',
  'message.read': 'the recipient read a message',
  'call.missed': 'a call was not answered',
  'instance.status': 'a connected instance changed state',
  'sms.inbound': 'an SMS came in',
  'sms.delivery_report': 'a carrier reported on an SMS',
  'contact.unsubscribed': 'a contact opted out',
  'contact.status_changed': 'a contact’s status changed',
  'contact.bounced': 'Herald: a contact reached the bounce threshold',
  'message.rejected': 'a message was refused for good',
  'endpoint.disabled': 'Herald: an endpoint was disabled',
  'endpoint.failing': 'Herald: an endpoint keeps failing',
  'endpoint.recovered': 'Herald: an endpoint answers again',
};

export async function loadCatalog(): Promise<Catalog> {
  const res = await fetch('/console/catalog.json');
  if (!res.ok) throw new Error(`catalog: HTTP ${res.status}`);
  return res.json();
}
