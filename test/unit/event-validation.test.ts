import { validateEventData } from '../../domain/event-validation';

describe('validateEventData', () => {
  it('accepts a complete event and extra fields', () => {
    expect(validateEventData('message.created', { messageId: 'm', from: 'a', to: 'b', kind: 'text', body: 'hi', extra: 1 })).toEqual([]);
    expect(validateEventData('user.online', { userId: 'u1' })).toEqual([]);
  });

  it('names each missing or mistyped field by its path', () => {
    expect(validateEventData('message.created', { messageId: 5, from: 'a', to: 'b', kind: 'text' })).toEqual([
      { path: '/data/body', message: 'is required' },
      { path: '/data/messageId', message: 'Expected string' },
    ]);
  });

  it('checks enumerations', () => {
    const issues = validateEventData('sms.delivery_report', { messageId: 'm', contactId: 'c', phoneNumber: '+1', status: 'lost' });
    expect(issues.map((i) => i.path)).toEqual(['/data/status']);
  });

  it("takes a contact's new status only in the words Mobiniti's page lists", () => {
    for (const status of ['suspended', 'deactivated', 'resumed', 'transferred']) expect(validateEventData('contact.status_changed', { id: 'c1', status })).toEqual([]);
    expect(validateEventData('contact.status_changed', { id: 'c1', status: 'exploded' }).map((i) => i.path)).toEqual(['/data/status']);
    expect(validateEventData('contact.status_changed', { id: 'c1' })).toEqual([{ path: '/data/status', message: 'is required' }]);
  });

  it('refuses unknown types and the types Herald emits itself', () => {
    expect(validateEventData('user.teleported', {})[0]).toMatchObject({ path: '/type', message: expect.stringMatching(/unknown event type/) });
    expect(validateEventData('contact.bounced', {})[0].message).toMatch(/emitted by Herald/);
  });
});
