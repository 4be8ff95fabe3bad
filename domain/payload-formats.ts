// What a webhook body looks like. Herald's own envelope by default; or the shapes mesibo and
// MQTT chat and Mobiniti send, so a customer moving from those systems keeps their receiver as it is. Every
// format is signed the same way (Standard Webhooks headers over the exact body bytes).
import { webhookBody, type HeraldEvent } from './event-envelope';

export const PAYLOAD_FORMATS = ['herald', 'mesibo', 'mqttchat', 'mobiniti'] as const;
export type PayloadFormat = (typeof PAYLOAD_FORMATS)[number];

export interface FormatOptions {
  /** mesibo sends a shared secret as the `secret` form field; receivers compare it. */
  mesiboSecret?: string;
}

export interface RenderedPayload {
  body: string;
  contentType: string;
}

/** mesibo's webhook event bits, which an endpoint may use instead of type names. */
export const MESIBO_EVENT_BITS: Record<number, string[]> = {
  0x10: ['user.online'],
  0x20: ['user.offline'],
  0x100: ['message.created', 'message.offline'],
};

/** Event types selected by a mesibo bit mask; unknown bits are reported so nothing is guessed. */
export function eventsFromMesiboMask(mask: number): { events: string[]; unknownBits: number } {
  const events: string[] = [];
  let known = 0;
  for (const [bit, types] of Object.entries(MESIBO_EVENT_BITS)) {
    if (mask & Number(bit)) {
      events.push(...types);
      known |= Number(bit);
    }
  }
  return { events, unknownBits: mask & ~known };
}

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));
const unixSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

function mesibo(event: HeraldEvent, options: FormatOptions): RenderedPayload | undefined {
  const d = event.data;
  const base = { secret: options.mesiboSecret ?? '', aid: event.appId };
  let fields: Record<string, string>;
  if (event.type === 'user.online' || event.type === 'user.offline') {
    fields = { ...base, uid: str(d.userId), e: String(event.type === 'user.online' ? 0x10 : 0x20) };
  } else if (event.type === 'message.created' || event.type === 'message.offline') {
    const to = event.type === 'message.offline' ? d.userId : d.to;
    fields = { ...base, uid: str(to), from: str(d.from), to: str(to), e: String(0x100) };
    if (d.messageId !== undefined) fields.mid = str(d.messageId);
    if (d.body !== undefined) fields.message = str(d.body);
  } else {
    return undefined;
  }
  return { body: new URLSearchParams(fields).toString(), contentType: 'application/x-www-form-urlencoded' };
}

/**
 * MQTT chat's ids are numbers (`"userid":1`, `"id":138946`): an id of digits goes as a number, as
 * its receivers' code reads it; any other id (Herald's are the producer's strings) as it is.
 */
function mqttId(value: unknown): number | string {
  const text = str(value);
  // Canonical digits only: "007" would come back as 7, another id.
  return /^(0|[1-9]\d{0,14})$/.test(text) ? Number(text) : text;
}

/** MQTT chat's message type codes (0 text & smileys, 1 sticker, 2 picture from disk, 3 record, 4 picture from cam, 5 audio/video notification). */
const MQTT_MESSAGE_TYPES: Record<string, number> = {
  text: 0, smiley: 0, emoji: 0, sticker: 1, image: 2, picture: 2, photo: 2, file: 2, record: 3, voice: 3, audio: 3, camera: 4, cam: 4, video: 5, call: 5, notification: 5,
};

/** A Herald message kind as MQTT chat's type code: a code given as such, a known kind's, else 0 (text). */
export function mqttMessageType(kind: unknown): number {
  const text = str(kind).toLowerCase();
  if (/^[0-5]$/.test(text)) return Number(text);
  return MQTT_MESSAGE_TYPES[text] ?? 0;
}

function mqttchat(event: HeraldEvent): RenderedPayload | undefined {
  const d = event.data;
  let shaped: unknown;
  if (event.type === 'user.online' || event.type === 'user.offline') {
    shaped = { userid: mqttId(d.userId), status: event.type === 'user.online' ? 'online' : 'offline', timestamp: unixSeconds(event.occurredAt) };
  } else if (event.type === 'message.created') {
    shaped = {
      from_userid: mqttId(d.from),
      to_userid: mqttId(d.to),
      message: {
        id: mqttId(d.messageId),
        message: str(d.body),
        timestamp: unixSeconds(event.occurredAt),
        type: mqttMessageType(d.kind),
        p1: str(d.p1),
        p2: str(d.p2),
        p3: str(d.p3),
      },
    };
  } else {
    return undefined;
  }
  return { body: JSON.stringify(shaped), contentType: 'application/json' };
}

/** A field as Herald's events name it (camelCase) or as Mobiniti's do (snake_case); null when absent, as Mobiniti sends. */
function either(d: Record<string, unknown>, camel: string, snake: string): unknown {
  return d[camel] ?? d[snake] ?? null;
}

const DELIVERY_STATUS: Record<string, { code: string; status: string; success: boolean; bounce: boolean }> = {
  delivered: { code: '100', status: 'The message delivered successfully.', success: true, bounce: false },
  bounced: { code: '200', status: 'The message bounced.', success: false, bounce: true },
  failed: { code: '300', status: 'The message failed.', success: false, bounce: false },
};

/** Mobiniti's webhook bodies (../shared/sources/: inbound, unsubscribe, delivery report, contact status, bounce, rejection). */
function mobiniti(event: HeraldEvent): RenderedPayload | undefined {
  const d = event.data;
  const contact = {
    id: either(d, 'contactId', 'id'),
    first_name: either(d, 'firstName', 'first_name'),
    last_name: either(d, 'lastName', 'last_name'),
    email: d.email ?? null,
    phone_number: either(d, 'phoneNumber', 'phone_number'),
  };
  const times = { created_at: either(d, 'createdAt', 'created_at') ?? event.occurredAt, updated_at: event.occurredAt };
  let shaped: unknown;
  switch (event.type) {
    case 'sms.inbound':
      shaped = { ...contact, short_code: either(d, 'shortCode', 'short_code'), message: d.message ?? d.body ?? null, unsubscribed_at: either(d, 'unsubscribedAt', 'unsubscribed_at'), ...times, received_at: event.occurredAt };
      break;
    case 'contact.unsubscribed':
      shaped = { ...contact, to: d.to ?? null, unsubscribed_at: either(d, 'unsubscribedAt', 'unsubscribed_at') ?? event.occurredAt, ...times };
      break;
    case 'contact.status_changed':
      shaped = { ...contact, status: d.status ?? null, ...times };
      break;
    case 'contact.bounced':
      shaped = { ...contact, unsubscribed_at: either(d, 'unsubscribedAt', 'unsubscribed_at'), bounces: d.bounces ?? null, ...times };
      break;
    case 'sms.delivery_report': {
      const known = DELIVERY_STATUS[str(d.status)] ?? DELIVERY_STATUS.failed;
      const phone = str(either(d, 'phoneNumber', 'phone_number'));
      shaped = {
        total_messages: 1,
        statuses: [{ code: str(d.code ?? known.code), status: str(d.statusMessage ?? known.status), count: 1, recipients: [phone.replace(/\D/g, '')], success: known.success, bounce: known.bounce }],
        messages: [{ id: str(d.messageId), from: d.from ?? null, message: d.message ?? d.body ?? null, phone_number: phone.replace(/\D/g, ''), metadata: d.metadata ?? [] }],
      };
      break;
    }
    case 'message.rejected':
      shaped = { code: str(d.code), message: str(d.message), description: str(d.description) };
      break;
    default:
      return undefined;
  }
  return { body: JSON.stringify(shaped), contentType: 'application/json' };
}

/** The body for an endpoint's format; events a format has no shape for go as Herald's envelope. */
export function renderPayload(format: PayloadFormat, options: FormatOptions, event: HeraldEvent): RenderedPayload {
  const rendered = format === 'mesibo' ? mesibo(event, options) : format === 'mqttchat' ? mqttchat(event) : format === 'mobiniti' ? mobiniti(event) : undefined;
  return rendered ?? { body: webhookBody(event), contentType: 'application/json' };
}
