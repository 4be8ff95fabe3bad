import { applyPresence, firstSighting, newUserState, onMessage, userTouchedBy } from '../../domain/presence';

const settings = { offlineSuppressionSeconds: 60, unknownUsersAreOffline: true };
const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();

describe('presence rules', () => {
  it('announces once per window and counts the rest', () => {
    const s = newUserState('a', 'u');
    applyPresence(s, { eventId: 'p', online: false, occurredAt: t(0) });
    const now = Date.parse(t(1));
    expect(onMessage(s, settings, now)).toEqual({ notice: true, heldBack: 0 });
    expect(onMessage(s, settings, now + 1000)).toEqual({ notice: false });
    expect(onMessage(s, settings, now + 59_000)).toEqual({ notice: false });
    expect(onMessage(s, settings, now + 60_000)).toEqual({ notice: true, heldBack: 2 });
  });

  it('announces every message when the window is 0', () => {
    const s = newUserState('a', 'u');
    expect(onMessage(s, { ...settings, offlineSuppressionSeconds: 0 }, 0)).toEqual({ notice: true, heldBack: 0 });
    expect(onMessage(s, { ...settings, offlineSuppressionSeconds: 0 }, 1)).toEqual({ notice: true, heldBack: 0 });
  });

  it('ends the window and forgets what was held back when the user comes online', () => {
    const s = newUserState('a', 'u');
    onMessage(s, settings, 0);
    onMessage(s, settings, 1);
    applyPresence(s, { eventId: 'on', online: true, occurredAt: t(2) });
    expect(s).toMatchObject({ presence: 'online', heldBack: 0, windowUntil: undefined });
    expect(onMessage(s, settings, 3)).toEqual({ notice: false });
  });

  it('ignores presence stamped before the last applied one', () => {
    const s = newUserState('a', 'u');
    expect(applyPresence(s, { eventId: '1', online: true, occurredAt: t(10) })).toBe(true);
    expect(applyPresence(s, { eventId: '2', online: false, occurredAt: t(5) })).toBe(false);
    expect(s.presence).toBe('online');
  });

  it('treats a never-seen user as the app says', () => {
    expect(onMessage(newUserState('a', 'u'), { ...settings, unknownUsersAreOffline: false }, 0)).toEqual({ notice: false });
    expect(onMessage(newUserState('a', 'u'), settings, 0)).toEqual({ notice: true, heldBack: 0 });
  });

  it('applies an event id once', () => {
    const s = newUserState('a', 'u');
    expect(firstSighting(s, 'e1')).toBe(true);
    expect(firstSighting(s, 'e1')).toBe(false);
    for (let i = 0; i < 300; i++) firstSighting(s, `x${i}`);
    expect(s.recentEventIds.length).toBe(256);
  });

  it('knows which user an event concerns', () => {
    expect(userTouchedBy('user.online', { userId: 'u' })).toEqual({ userId: 'u', kind: 'presence', online: true });
    expect(userTouchedBy('message.created', { to: 'bob' })).toEqual({ userId: 'bob', kind: 'message' });
    expect(userTouchedBy('call.missed', {})).toBeUndefined();
    expect(userTouchedBy('message.read', { messageId: 'm' })).toBeUndefined();
  });
});

describe('presence events arriving out of order', () => {
  it('still ends the window when an online stamped after the notice arrives after a later offline', () => {
    const t = (sec: number) => new Date(Date.UTC(2026, 10, 23, 12, 0, sec)).toISOString();
    const settings = { offlineSuppressionSeconds: 600, unknownUsersAreOffline: true };
    const s = newUserState('app', 'bob');
    applyPresence(s, { eventId: 'off1', online: false, occurredAt: t(0) });
    onMessage(s, settings, Date.parse(t(1)));
    onMessage(s, settings, Date.parse(t(2)));
    expect(s.heldBack).toBe(1);
    // offline (t=6) handed over before online (t=5): the user stays offline, the window ends.
    applyPresence(s, { eventId: 'off2', online: false, occurredAt: t(6) }, true);
    expect(applyPresence(s, { eventId: 'on', online: true, occurredAt: t(5) }, true)).toBe(false);
    expect(s).toMatchObject({ presence: 'offline', heldBack: 0, windowUntil: undefined });
    expect(onMessage(s, settings, Date.parse(t(7)))).toEqual({ notice: true, heldBack: 0 });
    // An online from before the last notice changes nothing.
    applyPresence(s, { eventId: 'old-on', online: true, occurredAt: t(3) }, true);
    expect(s.windowUntil).toBeDefined();
  });
});
