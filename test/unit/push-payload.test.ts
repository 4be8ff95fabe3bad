import { cutText, planPush, pushLifetime, renderTemplate } from '../../domain/push-payload';
import { DEFAULT_PUSH_SETTINGS } from '../../domain/app-settings';
import { providerWaitSeconds } from '../../activities/push/push-to-user';
import type { HeraldEvent } from '../../domain/event-envelope';

const notice = (data: object = {}): HeraldEvent => ({
  appId: 'app_1', id: 'evt_offline_1', type: 'message.offline', occurredAt: '2026-11-23T00:00:00.000Z',
  data: { userId: 'bob', from: 'alice', messageId: 'm1', heldBack: 2, cause: 'message.created', preview: 'see you at 8', ...data },
});

describe('push payloads', () => {
  it('is a background push without message text by default', () => {
    const plan = planPush(notice(), DEFAULT_PUSH_SETTINGS)!;
    expect(plan.apns).toMatchObject({ pushType: 'background', priority: 5, payload: { aps: { 'content-available': 1 }, eventId: 'evt_offline_1', userId: 'bob' } });
    expect(plan.fcm).toEqual({
      data: { eventId: 'evt_offline_1', type: 'message.offline', userId: 'bob', cause: 'message.created' },
      android: { priority: 'normal' },
      // What an iOS app registered with FCM gets: Apple's background push (FCM refuses priority 10 for it).
      apns: { headers: { 'apns-push-type': 'background', 'apns-priority': '5', 'apns-collapse-id': plan.apns.collapseId }, payload: { aps: { 'content-available': 1 } } },
    });
    expect(JSON.stringify(plan)).not.toContain('see you');
  });

  it('pushes only the causes and apps that want it', () => {
    expect(planPush(notice(), { ...DEFAULT_PUSH_SETTINGS, enabled: false })).toBeUndefined();
    expect(planPush(notice({ cause: 'call.missed' }), { ...DEFAULT_PUSH_SETTINGS, events: ['message.created'] })).toBeUndefined();
  });

  it('renders visible alerts from templates, with content only when asked, cut to 140 characters', () => {
    const settings = { ...DEFAULT_PUSH_SETTINGS, visible: true, templates: { 'message.created': { title: 'New message from {{data.from}}', body: '{{data.heldBack}} more waiting' } } };
    const plan = planPush(notice(), settings)!;
    expect(plan.apns).toMatchObject({ pushType: 'alert', priority: 10, payload: { aps: { alert: { title: 'New message from alice', body: '2 more waiting' } } } });
    expect(plan.fcm.notification).toEqual({ title: 'New message from alice', body: '2 more waiting' });
    expect(plan.fcm.apns).toEqual({
      headers: { 'apns-push-type': 'alert', 'apns-priority': '10', 'apns-collapse-id': plan.apns.collapseId },
      payload: { aps: { alert: { title: 'New message from alice', body: '2 more waiting' }, sound: 'default' } },
    });
    const withContent = planPush(notice({ preview: 'x'.repeat(300) }), { ...DEFAULT_PUSH_SETTINGS, visible: true, includeContent: true })!;
    expect(Array.from(withContent.fcm.notification!.body!)).toHaveLength(140);
  });

  it('says who and how many when the app gave no template, the text itself only with includeContent', () => {
    const visible = { ...DEFAULT_PUSH_SETTINGS, visible: true };
    expect(planPush(notice(), visible)!.fcm.notification).toEqual({ title: 'alice', body: '3 new messages from alice' });
    expect(planPush(notice(), visible)!.apns.payload).toMatchObject({ aps: { alert: { title: 'alice', body: '3 new messages from alice' } } });
    expect(planPush(notice(), { ...visible, includeContent: true })!.fcm.notification).toEqual({ title: 'alice', body: 'see you at 8' });
    expect(planPush(notice({ cause: 'call.missed' }), visible)!.fcm.notification).toEqual({ title: 'Missed call', body: 'Missed call from alice' });
    expect(JSON.stringify(planPush(notice(), visible))).not.toContain('see you');
  });

  it('passes localisation keys through for the device to translate', () => {
    const settings = { ...DEFAULT_PUSH_SETTINGS, visible: true, templates: { 'message.created': { bodyLocKey: 'NEW_MESSAGE', locArgs: ['{{data.from}}'] } } };
    const plan = planPush(notice(), settings)!;
    expect(plan.apns.payload).toMatchObject({ aps: { alert: { 'loc-key': 'NEW_MESSAGE', 'loc-args': ['alice'] } } });
    expect(plan.fcm.android).toMatchObject({ notification: { body_loc_key: 'NEW_MESSAGE', body_loc_args: ['alice'] } });
  });

  it('sends missed calls to PushKit tokens as VoIP pushes on <topic>.voip when asked, now or never, and nothing else to them', () => {
    const voipForCalls = { ...DEFAULT_PUSH_SETTINGS, voipForCalls: true };
    const plan = planPush(notice({ cause: 'call.missed' }), voipForCalls, 'voip')!;
    expect(plan.apns).toMatchObject({ pushType: 'voip', priority: 10, topicSuffix: '.voip' });
    expect(planPush(notice(), voipForCalls, 'voip')).toBeUndefined();
    expect(planPush(notice({ cause: 'call.missed' }), DEFAULT_PUSH_SETTINGS, 'voip')).toBeUndefined();
    // Regular tokens never get a VoIP push; a call wakes Android at high priority.
    const regular = planPush(notice({ cause: 'call.missed' }), voipForCalls)!;
    expect(regular.apns.pushType).toBe('background');
    expect(regular.fcm.android).toEqual({ priority: 'high' });
    expect(regular.apns.collapseId).not.toBe(planPush(notice(), voipForCalls)!.apns.collapseId);
    expect(plan.ttlSeconds).toBe(0);
    expect(pushLifetime(plan, 1, Date.parse('2026-11-23T00:00:01Z'))).toEqual({ apnsExpiration: 0, fcmTtl: '0s' });
    expect(pushLifetime(plan, 2, Date.parse('2026-11-23T00:00:01Z'))).toBeUndefined();
  });

  it('lives a day from the notice by default, the time counted down across retries, and is not sent past it', () => {
    const plan = planPush(notice(), DEFAULT_PUSH_SETTINGS)!;
    const noticeAt = Date.parse('2026-11-23T00:00:00Z');
    expect(plan).toMatchObject({ ttlSeconds: 86_400, expiresAtMs: noticeAt + 86_400_000 });
    expect(pushLifetime(plan, 1, noticeAt + 500)).toEqual({ apnsExpiration: noticeAt / 1000 + 86_400, fcmTtl: '86400s' });
    expect(pushLifetime(plan, 3, noticeAt + 3_600_000)).toEqual({ apnsExpiration: noticeAt / 1000 + 86_400, fcmTtl: '82800s' });
    expect(pushLifetime(plan, 9, noticeAt + 86_400_000)).toBeUndefined();
    const hour = planPush(notice(), { ...DEFAULT_PUSH_SETTINGS, timeToLiveSeconds: 3600 })!;
    expect(pushLifetime(hour, 1, noticeAt)).toEqual({ apnsExpiration: noticeAt / 1000 + 3600, fcmTtl: '3600s' });
  });

  it('cuts on character boundaries and renders unknown fields empty', () => {
    expect(cutText('👍'.repeat(200))).toBe(`${'👍'.repeat(139)}…`);
    expect(cutText('short')).toBe('short');
    expect(renderTemplate('{{data.nope}}|{{ data.from }}', notice())).toBe('|alice');
  });

  it('derives the APNs collapse id from a hash: at most 64 bytes of ASCII for any user id, stable per user and cause', () => {
    const long = planPush(notice({ userId: 'ü'.repeat(60) }), DEFAULT_PUSH_SETTINGS)!.apns.collapseId;
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(64);
    expect(long).toMatch(/^[\x21-\x7e]+$/);
    expect(planPush(notice({ userId: 'ü'.repeat(60) }), DEFAULT_PUSH_SETTINGS)!.apns.collapseId).toBe(long);
    expect(planPush(notice({ userId: 'ü'.repeat(61) }), DEFAULT_PUSH_SETTINGS)!.apns.collapseId).not.toBe(long);
    expect(planPush(notice({ cause: 'call.missed' }), DEFAULT_PUSH_SETTINGS)!.apns.collapseId).not.toBe(planPush(notice(), DEFAULT_PUSH_SETTINGS)!.apns.collapseId);
  });

  it('falls back to its own text when a push template would render too much for the event', () => {
    const settings = { ...DEFAULT_PUSH_SETTINGS, visible: true, templates: { 'message.created': { title: '{{data}}'.repeat(120), body: 'from {{data.from}}' } } };
    const plan = planPush(notice({ blob: 'x'.repeat(200_000) }), settings)!;
    expect(plan.fcm.notification).toEqual({ title: 'alice', body: 'from alice' });
  });

  it('waits what the provider asks; a 429 without Retry-After waits a minute, doubling per attempt, at most an hour', () => {
    const now = Date.parse('2026-12-06T00:00:00Z');
    expect(providerWaitSeconds({ statusCode: 429, retryAfter: '30' }, 1, now)).toBe(30);
    expect([1, 2, 3, 9].map((attempt) => providerWaitSeconds({ statusCode: 429 }, attempt, now))).toEqual([60, 120, 240, 3600]);
    expect(providerWaitSeconds({ statusCode: 503 }, 1, now)).toBeUndefined();
  });
});
