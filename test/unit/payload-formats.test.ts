import { eventsFromMesiboMask, renderPayload } from '../../domain/payload-formats';
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

  it('renders MQTT chat JSON', () => {
    const presence = JSON.parse(renderPayload('mqttchat', {}, ev('user.online', { userId: 'u' })).body);
    expect(presence).toEqual({ userid: 'u', status: 'online', timestamp: Date.parse(at) / 1000 });
    const message = JSON.parse(renderPayload('mqttchat', {}, ev('message.created', { messageId: 'm9', from: 'a', to: 'b', kind: 'text', body: 'hi', p1: 'x' })).body);
    expect(message).toEqual({
      from_userid: 'a',
      to_userid: 'b',
      message: { id: 'm9', message: 'hi', timestamp: Date.parse(at) / 1000, type: 'text', p1: 'x', p2: '', p3: '' },
    });
  });

  it('falls back to the envelope for events a format has no shape for', () => {
    expect(JSON.parse(renderPayload('mqttchat', {}, ev('message.read', { messageId: 'm' })).body).type).toBe('message.read');
  });
});
