// The pure rules of a user's notification policy: quiet hours on the wall clock of a time zone
// (across midnight, across a daylight-saving night), mutes and critical types, the user workflow's
// batches (delays, digests, throttles, acks), digests and locales as templates see them.
import { quietUntil } from '../../domain/quiet-hours';
import { mutedBy, eventUserId } from '../../domain/user-profile';
import { intake, newPolicyState, nextDue, onAck, onOnline, policyProblems, recordSent, requeue, takeDue, worthCarrying, type RoutePolicy } from '../../domain/notification-policy';
import { digestOf } from '../../domain/digest';
import { localizedTemplate } from '../../activities/channels/route-delivery';

const at = (iso: string) => Date.parse(iso);

describe('quiet hours', () => {
  const night = { start: '22:00', end: '07:00' };

  it('holds inside a window that crosses midnight, in the zone given, until its wall-clock end', () => {
    // 23:30 in São Paulo (UTC-3) is 02:30 UTC: inside; the end is 07:00 there, 10:00 UTC.
    expect(quietUntil(night, 'America/Sao_Paulo', at('2026-12-07T02:30:00Z'))).toBe(at('2026-12-07T10:00:00Z'));
    // After midnight, the same night's end.
    expect(quietUntil(night, 'America/Sao_Paulo', at('2026-12-07T06:15:30Z'))).toBe(at('2026-12-07T10:00:00Z'));
    // 21:59 there is outside, and so is 07:00 itself.
    expect(quietUntil(night, 'America/Sao_Paulo', at('2026-12-07T00:59:00Z'))).toBeUndefined();
    expect(quietUntil(night, 'America/Sao_Paulo', at('2026-12-07T10:00:00Z'))).toBeUndefined();
    // The same instant in UTC is outside: the zone decides.
    expect(quietUntil(night, 'UTC', at('2026-12-07T20:00:00Z'))).toBeUndefined();
    // The window's own zone wins over the user's.
    expect(quietUntil({ ...night, timeZone: 'Asia/Tokyo' }, 'America/Sao_Paulo', at('2026-12-07T14:00:00Z'))).toBe(at('2026-12-07T22:00:00Z'));
  });

  it('holds inside a window within one day', () => {
    const lunch = { start: '12:00', end: '13:30' };
    expect(quietUntil(lunch, 'Europe/Berlin', at('2026-12-07T11:10:00Z'))).toBe(at('2026-12-07T12:30:00Z'));
    expect(quietUntil(lunch, 'Europe/Berlin', at('2026-12-07T10:59:00Z'))).toBeUndefined();
  });

  it('ends at the wall-clock end on a daylight-saving night', () => {
    // Berlin moves from UTC+1 to UTC+2 at 01:00 UTC on 2027-03-28: 07:00 there is 05:00 UTC that morning.
    expect(quietUntil({ start: '22:00', end: '07:00' }, 'Europe/Berlin', at('2027-03-27T22:30:00Z'))).toBe(at('2027-03-28T05:00:00Z'));
    // And back on 2026-10-25: 07:00 is 06:00 UTC.
    expect(quietUntil({ start: '22:00', end: '07:00' }, 'Europe/Berlin', at('2026-10-24T21:30:00Z'))).toBe(at('2026-10-25T06:00:00Z'));
  });
});

describe('mutes', () => {
  it('mutes by channel or event type, never a critical type', () => {
    const prefs = { channels: { sms: false }, events: { 'message.created': { email: false } } };
    expect(mutedBy(prefs, 'message.created', 'sms', [])).toMatch(/channels\.sms/);
    expect(mutedBy(prefs, 'message.created', 'email', [])).toMatch(/events\["message\.created"\]\.email/);
    expect(mutedBy(prefs, 'call.missed', 'email', [])).toBeUndefined();
    expect(mutedBy(prefs, 'message.created', 'sms', ['message.created'])).toBeUndefined();
    expect(mutedBy(undefined, 'message.created', 'sms', [])).toBeUndefined();
  });

  it("finds the event's user: a message's recipient, otherwise data.userId", () => {
    expect(eventUserId('message.created', { to: 'bob', from: 'alice' })).toBe('bob');
    expect(eventUserId('call.missed', { to: 'bob' })).toBe('bob');
    expect(eventUserId('message.offline', { userId: 'bob' })).toBe('bob');
    expect(eventUserId('message.rejected', { to: '+15005550123' })).toBeUndefined();
  });
});

describe("the user workflow's held sends", () => {
  const send = (eventId: string, messageId?: string) => ({ eventId, type: 'message.created', ...(messageId && { messageId }) });
  const hold = (policy: RoutePolicy, eventId: string, messageId?: string, routeId = 'rt_1') => ({ routeId, policy, send: send(eventId, messageId) });

  it('delays each send, cancels one by an ack of its message, and one of onlyOffline when the user comes online', () => {
    const s = newPolicyState();
    intake(s, hold({ delaySeconds: 600, cancelOn: ['message.read'] }, 'e1', 'm1'), 0, false);
    intake(s, hold({ delaySeconds: 600, cancelOn: ['message.read'] }, 'e2', 'm2'), 1000, false);
    expect(nextDue(s)).toBe(600_000);
    // An ack of another type, or of another message, cancels nothing.
    expect(onAck(s, 'message.delivered', 'm1')).toEqual([]);
    expect(onAck(s, 'message.read', 'm9')).toEqual([]);
    expect(onAck(s, 'message.read', 'm1')).toEqual([{ routeId: 'rt_1', eventIds: ['e1'], status: 'cancelled', reason: 'cancelled: message.read for message m1' }]);
    expect(takeDue(s, 600_000)).toEqual([]);
    expect(takeDue(s, 601_000).map((b) => b.sends.map((x) => x.eventId))).toEqual([['e2']]);

    intake(s, hold({ onlyOffline: true, delaySeconds: 60 }, 'e3'), 0, false);
    expect(onOnline(s)).toEqual([expect.objectContaining({ eventIds: ['e3'], status: 'cancelled' })]);
    expect(intake(s, hold({ onlyOffline: true }, 'e4'), 0, true)).toMatchObject({ status: 'skipped', reason: 'the user is online (onlyOffline)' });
    expect(s.batches).toEqual([]);
  });

  it('gathers a digest window opened by its first send', () => {
    const s = newPolicyState();
    intake(s, hold({ digestSeconds: 60 }, 'e1'), 10_000, false);
    intake(s, hold({ digestSeconds: 60 }, 'e2'), 50_000, false);
    expect(takeDue(s, 69_999)).toEqual([]);
    const [batch] = takeDue(s, 70_000);
    expect(batch.sends.map((x) => x.eventId)).toEqual(['e1', 'e2']);
    // The next send opens a new window.
    intake(s, hold({ digestSeconds: 60 }, 'e3'), 80_000, false);
    expect(nextDue(s)).toBe(140_000);
  });

  it('throttles to max per window and folds the rest into one send when a place frees', () => {
    const s = newPolicyState();
    const policy = { throttle: { max: 2, perSeconds: 60 } };
    for (const [i, t] of [[1, 0], [2, 1000], [3, 2000], [4, 3000]]) intake(s, hold(policy, `e${i}`), t, false);
    const first = takeDue(s, 3000);
    // Two go (one each); the other two wait for the window, as one.
    expect(first.map((b) => b.sends.map((x) => x.eventId))).toEqual([['e1'], ['e2']]);
    recordSent(s, first[0], 3000);
    recordSent(s, first[1], 3000);
    expect(s.batches).toEqual([expect.objectContaining({ why: 'throttle', dueAt: 63_000, sends: [expect.objectContaining({ eventId: 'e3' }), expect.objectContaining({ eventId: 'e4' })] })]);
    expect(takeDue(s, 63_000).map((b) => b.sends.length)).toEqual([2]);
  });

  it('cancels a send handed over after the ack of its message (the two events raced)', () => {
    const s = newPolicyState();
    expect(onAck(s, 'message.read', 'm1')).toEqual([]);
    expect(intake(s, hold({ delaySeconds: 600, cancelOn: ['message.read'] }, 'e1', 'm1'), 0, false)).toEqual({
      routeId: 'rt_1', eventIds: ['e1'], status: 'cancelled', reason: 'cancelled: message.read for message m1',
    });
    // Not a route that is not cancelled by it.
    expect(intake(s, hold({ delaySeconds: 600 }, 'e2', 'm1'), 0, false)).toBeUndefined();
  });

  it('never shortens a delay for quiet hours, and keeps the attempt a retry reached', () => {
    const s = newPolicyState();
    intake(s, { ...hold({ delaySeconds: 600 }, 'e1'), quietUntil: 120_000 }, 0, false);
    expect(nextDue(s)).toBe(600_000);
    intake(s, { ...hold({ delaySeconds: 60 }, 'e2', undefined, 'rt_2'), quietUntil: 900_000 }, 0, false);
    expect(s.batches.find((b) => b.routeId === 'rt_2')?.dueAt).toBe(900_000);

    // A batch on its third attempt that meets quiet hours goes on at attempt 3, not 1 again.
    const t = newPolicyState();
    const [batch] = [{ routeId: 'rt_1', policy: {}, dueAt: 0, why: 'retry' as const, sends: [send('e9')], attempt: 3 }];
    expect(requeue(t, batch, 'quiet hours', 5000, false)).toEqual([]);
    expect(t.batches).toEqual([expect.objectContaining({ why: 'quiet hours', attempt: 3, dueAt: 5000 })]);
  });

  it('does not put back a batch whose sends were cancelled while it was out', () => {
    const s = newPolicyState();
    intake(s, hold({ delaySeconds: 1, cancelOn: ['message.read'] }, 'e1', 'm1'), 0, false);
    const [out] = takeDue(s, 1000);
    onAck(s, 'message.read', 'm1');
    expect(requeue(s, out, 'retry', 9000, false)).toEqual([expect.objectContaining({ eventIds: ['e1'], status: 'cancelled' })]);
    expect(s.batches).toEqual([]);
    const o = newPolicyState();
    intake(o, hold({ onlyOffline: true, delaySeconds: 1 }, 'e2'), 0, false);
    const [away] = takeDue(o, 1000);
    expect(requeue(o, away, 'quiet hours', 9000, true)).toEqual([expect.objectContaining({ eventIds: ['e2'], status: 'cancelled' })]);
  });

  it("carries a throttle's open window into a new run, and only that", () => {
    const s = newPolicyState();
    recordSent(s, { routeId: 'rt_d', policy: { digestSeconds: 60 } }, 1000);
    expect(s.sentAt).toEqual({});
    recordSent(s, { routeId: 'rt_t', policy: { throttle: { max: 1, perSeconds: 60 } } }, 1000);
    recordSent(s, { routeId: 'rt_t', policy: { throttle: { max: 1, perSeconds: 60 } } }, 70_000);
    expect(s.sentAt).toEqual({ rt_t: [70_000] });
    expect(worthCarrying(s, 80_000)).toBe(true);
    expect(worthCarrying(newPolicyState(), 80_000)).toBe(false);
  });

  it('refuses policies that say nothing sensible', () => {
    expect(policyProblems({ delaySeconds: 5 }, undefined)).toEqual([{ path: '/delaySeconds', message: expect.stringMatching(/recipient: "user"/) }]);
    expect(policyProblems({ delaySeconds: 5, digestSeconds: 5 }, 'user')[0].path).toBe('/digestSeconds');
    expect(policyProblems({ cancelOn: ['message.read'] }, 'user')[0].path).toBe('/cancelOn');
    expect(policyProblems({ delaySeconds: 600, cancelOn: ['message.read'], onlyOffline: true }, 'user')).toEqual([]);
  });
});

describe('digests and locales', () => {
  it("describes the events a send covers: count, distinct senders, one line each", () => {
    const m = (from: string, body: string) => ({ type: 'message.created', data: { from, body } });
    expect(digestOf([m('alice', 'hi'), { type: 'call.missed', data: { from: 'carol' } }, m('alice', 'there')])).toEqual({
      count: 3,
      senders: 'alice, carol',
      items: 'alice: hi\ncall.missed\nalice: there',
    });
    expect(digestOf([m('alice', 'x'.repeat(500))]).items).toHaveLength('alice: '.length + 140);
  });

  it("picks the user's locale, then its language, then the route's own fields", () => {
    const template = { subject: 'New', text: 'Hello', locales: { pt: { subject: 'Novo' }, 'pt-BR': { text: 'Olá' }, de: { subject: 'Neu', text: 'Hallo' } } };
    expect(localizedTemplate(template, 'pt-BR')).toEqual({ subject: 'New', text: 'Olá' });
    expect(localizedTemplate(template, 'pt-PT')).toEqual({ subject: 'Novo', text: 'Hello' });
    expect(localizedTemplate(template, 'de-AT')).toEqual({ subject: 'Neu', text: 'Hallo' });
    expect(localizedTemplate(template, 'fr')).toEqual({ subject: 'New', text: 'Hello' });
    expect(localizedTemplate(template, undefined)).toEqual({ subject: 'New', text: 'Hello' });
  });
});
