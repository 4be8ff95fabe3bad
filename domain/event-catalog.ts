// The event types Herald accepts and the `data` fields each must carry (../shared/CONTRACT.md).
// Extra fields are allowed and delivered as sent: producers often add their own context.
import { Type, type TSchema } from '@sinclair/typebox';

const Id = Type.String({ minLength: 1, maxLength: 256 });
const Text = Type.String({ maxLength: 65_536 });

function data(properties: Record<string, TSchema>) {
  return Type.Object(properties, { additionalProperties: true });
}

const presence = data({ userId: Id });
const messageStatus = data({ messageId: Id });

/** Types a producer may post. */
export const producerEventSchemas = {
  'user.online': presence,
  'user.offline': presence,
  'message.created': data({ messageId: Id, from: Id, to: Id, kind: Id, body: Text }),
  'message.sent': messageStatus,
  'message.delivered': messageStatus,
  'message.read': messageStatus,
  'call.missed': data({ from: Type.Optional(Id), to: Type.Optional(Id), callId: Type.Optional(Id) }),
  'instance.status': data({}),
  'sms.inbound': data({}),
  'sms.delivery_report': data({
    messageId: Id,
    contactId: Id,
    phoneNumber: Id,
    status: Type.Union([Type.Literal('delivered'), Type.Literal('bounced'), Type.Literal('failed')]),
  }),
  'contact.unsubscribed': data({}),
  // The carrier's news of a number, in the words Mobiniti's page lists (../shared/sources/004_…).
  'contact.status_changed': data({
    status: Type.Union(['suspended', 'deactivated', 'resumed', 'transferred'].map((s) => Type.Literal(s))),
  }),
  'message.rejected': data({
    code: Type.Union([Type.String({ minLength: 1 }), Type.Number()]),
    message: Text,
    description: Text,
  }),
} as const;

/**
 * Types only Herald itself emits; a producer posting one gets a 400 saying so. The `endpoint.*`
 * operational events tell an app's other endpoints about one endpoint's health. Appended only:
 * the order is the catalog's.
 */
export const heraldEventTypes = ['message.offline', 'contact.bounced', 'endpoint.disabled', 'endpoint.failing', 'endpoint.recovered'] as const;

export type ProducerEventType = keyof typeof producerEventSchemas;

export const allEventTypes: readonly string[] = [
  ...(Object.keys(producerEventSchemas) as ProducerEventType[]),
  ...heraldEventTypes,
];

export function isProducerEventType(type: string): type is ProducerEventType {
  return Object.prototype.hasOwnProperty.call(producerEventSchemas, type);
}
