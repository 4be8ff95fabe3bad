import { eventsFromMesiboMask, mqttMessageType, renderPayload } from '../../domain/payload-formats';
import type { HeraldEvent } from '../../domain/event-envelope';

const at = '2026-11-22T10:00:00.000Z';
const ev = (type: string, data: Record<string, unknown>): HeraldEvent => ({ appId: 'app_1', id: 'e1', type, data, occurredAt: at });

describe('mesibo event masks', () => {
  it('maps the bits to event types', () => {
    expect(eventsFromMesiboMask(0x10)).toEqual({ events: ['user.online'], unknownBits: 0 });
    expect(eventsFromMesiboMask(0x130).events).toEqual(['user.online', 'user.offline', 'message.created', 'message.offline']);
    expect(eventsFromMesiboMask(0x11).unknownBits).toBe(0x1);
  });
});

describe('payload formats', () => {
  it('keeps Herald’s envelope by default', () => {
    const r = renderPayload('herald', {}, ev('user.online', { userId: 'u' }));
    expect(r.contentType).toBe('application/json');
    expect(JSON.parse(r.body)).toEqual({ id: 'e1', type: 'user.online', timestamp: at, data: { userId: 'u' } });
  });

  it('renders mesibo form fields', () => {
    const presence = renderPayload('mesibo', { mesiboSecret: 's3' }, ev('user.offline', { userId: 'u7' }));
    expect(presence.contentType).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(presence.body))).toEqual({ secret: 's3', aid: 'app_1', uid: 'u7', e: '32' });
    const message = renderPayload('mesibo', {}, ev('message.created', { messageId: 'm', from: 'a', to: 'b', kind: 'text', body: 'hi & bye' }));
    expect(Object.fromEntries(new URLSearchParams(message.body))).toMatchObject({ uid: 'b', from: 'a', to: 'b', e: '256', message: 'hi & bye' });
  });

  it("renders MQTT chat JSON as its page shows it: numeric ids as numbers, the kind as its type code", () => {
    const presence = JSON.parse(renderPayload('mqttchat', {}, ev('user.online', { userId: '1' })).body);
    expect(presence).toEqual({ userid: 1, status: 'online', timestamp: Date.parse(at) / 1000 });
    const message = JSON.parse(renderPayload('mqttchat', {}, ev('message.created', { messageId: '138946', from: '2', to: '3601', kind: 'text', body: 'ok' })).body);
    // The page's own example, in meaning.
    expect(message).toEqual({ from_userid: 2, to_userid: 3601, message: { id: 138946, message: 'ok', timestamp: Date.parse(at) / 1000, type: 0, p1: '', p2: '', p3: '' } });
    // Ids that are not numbers stay strings; kinds map to codes 0–5.
    const named = JSON.parse(renderPayload('mqttchat', {}, ev('message.created', { messageId: 'm9', from: 'alice', to: 'bob', kind: 'sticker', body: 'x', p1: 'y' })).body);
    expect(named).toMatchObject({ from_userid: 'alice', to_userid: 'bob', message: { id: 'm9', type: 1, p1: 'y' } });
    expect(['text', 'sticker', 'image', 'record', 'camera', 'video', '3', 'something else'].map(mqttMessageType)).toEqual([0, 1, 2, 3, 4, 5, 3, 0]);
    // Only canonical numbers become numbers: "007" as 7 would be another id.
    expect(JSON.parse(renderPayload('mqttchat', {}, ev('user.online', { userId: '007' })).body).userid).toBe('007');
    expect(JSON.parse(renderPayload('mqttchat', {}, ev('user.online', { userId: '0' })).body).userid).toBe(0);
  });

  it("renders Mobiniti's shapes for inbound, unsubscribe, delivery report, contact status, bounce and rejection", () => {
    const render = (type: string, data: Record<string, unknown>) => JSON.parse(renderPayload('mobiniti', {}, ev(type, data)).body);
    const contact = { id: 'f82e541a', first_name: null, last_name: null, email: null, phone_number: '+19999999999' };
    expect(render('sms.inbound', { id: 'f82e541a', phone_number: '+19999999999', short_code: '64600', message: 'This is an example message' })).toEqual({
      ...contact, short_code: '64600', message: 'This is an example message', unsubscribed_at: null, created_at: at, updated_at: at, received_at: at,
    });
    expect(render('contact.unsubscribed', { contactId: 'f82e541a', phoneNumber: '+19999999999', to: '64600' })).toEqual({ ...contact, to: '64600', unsubscribed_at: at, created_at: at, updated_at: at });
    expect(render('contact.status_changed', { id: 'f82e541a', phone_number: '+19999999999', status: 'deactivated' })).toEqual({ ...contact, status: 'deactivated', created_at: at, updated_at: at });
    expect(render('contact.bounced', { contactId: 'f82e541a', phoneNumber: '+19999999999', bounces: 2 })).toEqual({ ...contact, unsubscribed_at: null, bounces: 2, created_at: at, updated_at: at });
    expect(render('sms.delivery_report', { messageId: 'a8a2b40a', contactId: 'c', phoneNumber: '+1 999 999 9999', status: 'delivered', from: '+15555555555', message: 'This is an example message' })).toEqual({
      total_messages: 1,
      statuses: [{ code: '100', status: 'The message delivered successfully.', count: 1, recipients: ['19999999999'], success: true, bounce: false }],
      messages: [{ id: 'a8a2b40a', from: '+15555555555', message: 'This is an example message', phone_number: '19999999999', metadata: [] }],
    });
    expect(render('message.rejected', { code: 21211, message: 'invalid number', description: 'more', channel: 'sms' })).toEqual({ code: '21211', message: 'invalid number', description: 'more' });
    expect(render('message.read', { messageId: 'm' }).type).toBe('message.read');
  });

  it('falls back to the envelope for events a format has no shape for', () => {
    expect(JSON.parse(renderPayload('mqttchat', {}, ev('message.read', { messageId: 'm' })).body).type).toBe('message.read');
  });
});
