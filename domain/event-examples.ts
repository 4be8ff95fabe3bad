// A sample of every event type, valid against the catalog: what `POST …/endpoints/:id/test`
// sends, and what the API reference shows.
import { allEventTypes } from './event-catalog';

export const EVENT_EXAMPLES: Record<string, Record<string, unknown>> = {
  'user.online': { userId: 'user-42' },
  'user.offline': { userId: 'user-42' },
  'message.created': { messageId: 'msg-1001', from: 'user-7', to: 'user-42', kind: 'text', body: 'Hello from Herald' },
  'message.sent': { messageId: 'msg-1001' },
  'message.delivered': { messageId: 'msg-1001' },
  'message.read': { messageId: 'msg-1001' },
  'message.offline': { userId: 'user-42', messageId: 'msg-1001', from: 'user-7', heldBack: 0, cause: 'message.created' },
  'call.missed': { callId: 'call-9', from: 'user-7', to: 'user-42' },
  'instance.status': { instanceId: 'instance-1', status: 'connected' },
  'sms.inbound': { contactId: 'contact-5', phoneNumber: '+15005550006', message: 'Is 8pm ok?' },
  'sms.delivery_report': { messageId: 'sms-77', contactId: 'contact-5', phoneNumber: '+15005550006', status: 'delivered' },
  'contact.unsubscribed': { contactId: 'contact-5', phoneNumber: '+15005550006' },
  'contact.status_changed': { contactId: 'contact-5', phoneNumber: '+15005550006', status: 'suspended' },
  'contact.bounced': { contactId: 'contact-5', phoneNumber: '+15005550006', bounces: 3 },
  'message.rejected': { code: '21211', message: "The 'To' number is not a valid phone number.", description: 'sms refused the message for good', channel: 'sms', eventId: 'msg-1001', to: '+15005550001' },
  'endpoint.disabled': { endpointId: 'ep_0mfz3k2a1b2c3d4e5f6a7b8c9d0', url: 'https://hooks.example.com/herald', reason: 'all 8 attempts failed; last: HTTP 503', disabledAt: '2026-11-24T09:30:00.000Z' },
  'endpoint.failing': { endpointId: 'ep_0mfz3k2a1b2c3d4e5f6a7b8c9d0', url: 'https://hooks.example.com/herald', consecutiveFailures: 5, failingSince: '2026-11-24T09:00:00.000Z', lastError: 'HTTP 503' },
  'endpoint.recovered': { endpointId: 'ep_0mfz3k2a1b2c3d4e5f6a7b8c9d0', url: 'https://hooks.example.com/herald', failingSince: '2026-11-24T09:00:00.000Z', consecutiveFailures: 7 },
};

// Every type has one: a new type without an example fails at start, not in an operator's test.
for (const type of allEventTypes) if (!EVENT_EXAMPLES[type]) throw new Error(`no example for event type ${type}`);
