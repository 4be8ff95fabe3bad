import { applyContactUpdate, contactUpdateOf, isKeywordReply, newContactState, smsRefusal } from '../../domain/contacts';

const at = '2026-11-23T10:00:00.000Z';

describe('contacts', () => {
  it('reads the contact and what happened from Herald events and Mobiniti-shaped ones', () => {
    expect(contactUpdateOf('sms.delivery_report', 'e1', at, { contactId: 'c1', phoneNumber: '+1555', status: 'bounced', messageId: 'm' })).toEqual({
      contactId: 'c1', update: { eventId: 'e1', occurredAt: at, phoneNumber: '+1555', delivery: 'bounced' },
    });
    expect(contactUpdateOf('contact.unsubscribed', 'e2', at, { id: 'f82e541a', phone_number: '+19999999999' })?.update).toMatchObject({ unsubscribed: true, phoneNumber: '+19999999999' });
    expect(contactUpdateOf('contact.status_changed', 'e3', at, { id: 'c1', status: 'deactivated' })?.update.status).toBe('deactivated');
    expect(contactUpdateOf('contact.status_changed', 'e3', at, { id: 'c1', status: 'exploded' })?.update.status).toBeUndefined();
    expect(contactUpdateOf('sms.inbound', 'e4', at, { id: 'c1', message: ' stop ' })?.update.unsubscribed).toBe(true);
    expect(contactUpdateOf('sms.inbound', 'e5', at, { id: 'c1', message: 'Start.' })?.update.unsubscribed).toBe(false);
    expect(contactUpdateOf('sms.inbound', 'e6', at, { id: 'c1', message: 'stop by later?' })?.update.unsubscribed).toBeUndefined();
    expect(contactUpdateOf('sms.inbound', 'e7', at, { message: 'no contact' })).toBeUndefined();
    expect(contactUpdateOf('message.created', 'e8', at, { contactId: 'c1' })).toBeUndefined();
  });

  it('tells keywords from replies, with the app\'s own opt-in keywords', () => {
    expect(['STOP', 'help', 'Start', 'UNSUBSCRIBE!'].map((message) => isKeywordReply({ message }))).toEqual([true, true, true, true]);
    expect(isKeywordReply({ message: 'JOIN' })).toBe(false);
    expect(isKeywordReply({ message: 'join' }, ['JOIN'])).toBe(true);
    expect(isKeywordReply({ message: 'Can you help me?' })).toBe(false);
    expect(isKeywordReply({})).toBe(false);
  });

  it('says contact.bounced once at the threshold, again only after a delivered report resets the count', () => {
    const state = newContactState('app', 'c1');
    const settings = { bounceThreshold: 2 };
    const bounce = (id: string) => applyContactUpdate(state, { eventId: id, occurredAt: at, phoneNumber: '+1555', delivery: 'bounced' }, settings);
    expect(bounce('b1')).toEqual({});
    expect(bounce('b2')).toEqual({ bounced: { contactId: 'c1', phoneNumber: '+1555', bounces: 2 } });
    expect(bounce('b2')).toEqual({});
    expect(bounce('b3')).toEqual({});
    expect(state.bounces).toBe(3);
    applyContactUpdate(state, { eventId: 'd1', occurredAt: at, delivery: 'delivered' }, settings);
    expect(state).toMatchObject({ bounces: 0, bounced: false });
    bounce('b4');
    expect(bounce('b5').bounced?.bounces).toBe(2);
  });

  it('lets occurredAt decide when events arrive out of order', () => {
    const state = newContactState('app', 'c1');
    const settings = { bounceThreshold: 2 };
    const t = (s: number) => new Date(Date.parse(at) + s * 1000).toISOString();
    // START (t=2) arrives before STOP (t=1): the contact stays subscribed.
    applyContactUpdate(state, { eventId: 'start', occurredAt: t(2), unsubscribed: false }, settings);
    applyContactUpdate(state, { eventId: 'stop', occurredAt: t(1), unsubscribed: true }, settings);
    expect(state.unsubscribed).toBe(false);
    applyContactUpdate(state, { eventId: 'stop2', occurredAt: t(3), unsubscribed: true }, settings);
    expect(state).toMatchObject({ unsubscribed: true, unsubscribedAt: t(3) });
    // A status stamped earlier than the one held changes nothing.
    applyContactUpdate(state, { eventId: 's2', occurredAt: t(5), status: 'deactivated' }, settings);
    applyContactUpdate(state, { eventId: 's1', occurredAt: t(4), status: 'resumed' }, settings);
    expect(state.status).toBe('deactivated');
    // A delivered report older than a counted bounce does not reset; a bounce older than a reset does not count.
    applyContactUpdate(state, { eventId: 'b1', occurredAt: t(10), delivery: 'bounced' }, settings);
    applyContactUpdate(state, { eventId: 'd0', occurredAt: t(9), delivery: 'delivered' }, settings);
    expect(state.bounces).toBe(1);
    applyContactUpdate(state, { eventId: 'd1', occurredAt: t(12), delivery: 'delivered' }, settings);
    applyContactUpdate(state, { eventId: 'b0', occurredAt: t(11), delivery: 'bounced' }, settings);
    expect(state.bounces).toBe(0);
    applyContactUpdate(state, { eventId: 'b2', occurredAt: t(13), delivery: 'bounced' }, settings);
    expect(applyContactUpdate(state, { eventId: 'b3', occurredAt: t(14), delivery: 'bounced' }, settings).bounced).toEqual({ contactId: 'c1', bounces: 2, unsubscribedAt: t(3) });
  });

  it('refuses SMS to unsubscribed and deactivated contacts only', () => {
    expect(smsRefusal({ unsubscribed: true, status: 'active' })?.code).toBe('contact_unsubscribed');
    expect(smsRefusal({ unsubscribed: false, status: 'deactivated' })?.code).toBe('contact_deactivated');
    expect(smsRefusal({ unsubscribed: false, status: 'suspended' })).toBeUndefined();
    expect(smsRefusal({ unsubscribed: false, status: 'resumed' })).toBeUndefined();
  });
});
