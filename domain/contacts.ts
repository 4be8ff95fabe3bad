// An SMS contact's lifecycle, pure and deterministic: the contact entity workflow applies these
// rules to its state. Bounced delivery reports count up to the app's threshold, where Herald says
// `contact.bounced` once (again only after a delivered report resets the count); unsubscribes,
// opt-backs-in and the carriers' status changes are held so Herald sends no SMS to a contact that
// asked it not to or whose number is gone. Mobiniti's webhooks are the model (../shared/sources/).

export type ContactStatus = 'active' | 'suspended' | 'deactivated' | 'resumed' | 'transferred';
const STATUSES: readonly ContactStatus[] = ['suspended', 'deactivated', 'resumed', 'transferred'];

export interface ContactState {
  appId: string;
  contactId: string;
  phoneNumber?: string;
  bounces: number;
  /** contact.bounced was said for the current count (said again only after a reset). */
  bounced: boolean;
  unsubscribed: boolean;
  status: ContactStatus;
  updatedAt?: string;
  /** When the contact unsubscribed, while it is. */
  unsubscribedAt?: string;
  /**
   * occurredAt of what last set the subscription, the status, the count's reset and the last
   * counted bounce: each event's workflow signals on its own, so a later-stamped change is never
   * undone by an earlier one that arrives after it.
   */
  subscriptionAt?: string;
  statusAt?: string;
  resetAt?: string;
  lastBounceAt?: string;
  /** Event ids already applied, newest last: a repeated signal changes nothing. */
  recentEventIds: string[];
}

/** What an event tells a contact's workflow: compact, so the workflow's history stays small. */
export interface ContactUpdate {
  eventId: string;
  occurredAt: string;
  phoneNumber?: string;
  /** A delivery report's outcome. */
  delivery?: 'delivered' | 'bounced' | 'failed';
  /** true: unsubscribed (contact.unsubscribed, a STOP reply); false: opted back in (START). */
  unsubscribed?: boolean;
  status?: ContactStatus;
}

export interface ContactSettings {
  bounceThreshold: number;
}

const RECENT_IDS = 256;

/** The carriers' standard keywords (CTIA): replies that change a subscription, never a conversation. */
export const STOP_WORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'REVOKE'];
export const START_WORDS = ['START', 'UNSTOP', 'YES', 'OPTIN'];
export const HELP_WORDS = ['HELP', 'INFO'];

const keywordOf = (text: unknown) => (typeof text === 'string' ? text.trim().toUpperCase().replace(/[.!]+$/, '') : '');

/** The inbound message's text, as Herald's events and Mobiniti's carry it. */
export function inboundText(data: Record<string, unknown>): unknown {
  return data.message ?? data.body ?? data.text;
}

/** Is an inbound SMS a keyword (STOP/HELP/START or one of the app's opt-in keywords) rather than a reply? */
export function isKeywordReply(data: Record<string, unknown>, optInKeywords: readonly string[] = []): boolean {
  const word = keywordOf(inboundText(data));
  return word !== '' && [...STOP_WORDS, ...START_WORDS, ...HELP_WORDS, ...optInKeywords.map((k) => k.toUpperCase())].includes(word);
}

const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);

/** Contact ids Herald keeps a workflow for (and GET /contacts/:contactId takes). */
export const CONTACT_ID_PATTERN = '^[A-Za-z0-9._:@+-]{1,256}$';
const CONTACT_ID = new RegExp(CONTACT_ID_PATTERN);

/**
 * Which contact an event concerns and what it says, or undefined for events that concern none.
 * The contact is `data.contactId`, or `data.id` as in Mobiniti's payloads; the number is
 * `phoneNumber` or `phone_number`.
 */
export function contactUpdateOf(type: string, eventId: string, occurredAt: string, data: Record<string, unknown>): { contactId: string; update: ContactUpdate } | undefined {
  if (!['sms.delivery_report', 'contact.unsubscribed', 'contact.status_changed', 'sms.inbound'].includes(type)) return undefined;
  const contactId = str(data.contactId) ?? str(data.id);
  // An id GET /contacts/:contactId can name; others concern no contact Herald can show.
  if (!contactId || !CONTACT_ID.test(contactId)) return undefined;
  // An inbound message's number may be only its sender's.
  const phoneNumber = str(data.phoneNumber) ?? str(data.phone_number) ?? (type === 'sms.inbound' ? str(data.from) : undefined);
  const update: ContactUpdate = { eventId, occurredAt, ...(phoneNumber && { phoneNumber }) };
  if (type === 'sms.delivery_report' && (data.status === 'delivered' || data.status === 'bounced' || data.status === 'failed')) update.delivery = data.status;
  if (type === 'contact.unsubscribed') update.unsubscribed = true;
  if (type === 'contact.status_changed' && STATUSES.includes(data.status as ContactStatus)) update.status = data.status as ContactStatus;
  if (type === 'sms.inbound') {
    const word = keywordOf(inboundText(data));
    if (STOP_WORDS.includes(word)) update.unsubscribed = true;
    if (START_WORDS.includes(word)) update.unsubscribed = false;
  }
  return { contactId, update };
}

export function newContactState(appId: string, contactId: string): ContactState {
  return { appId, contactId, bounces: 0, bounced: false, unsubscribed: false, status: 'active', recentEventIds: [] };
}

/**
 * Applies an update; returns the `contact.bounced` data when this update reaches the threshold
 * for the first time since the count was last reset. A repeated event id changes nothing.
 */
export function applyContactUpdate(
  state: ContactState,
  update: ContactUpdate,
  settings: ContactSettings,
): { bounced?: { contactId: string; phoneNumber?: string; bounces: number; unsubscribedAt?: string } } {
  if (state.recentEventIds.includes(update.eventId)) return {};
  state.recentEventIds.push(update.eventId);
  if (state.recentEventIds.length > RECENT_IDS) state.recentEventIds.splice(0, state.recentEventIds.length - RECENT_IDS);
  const at = update.occurredAt;
  const notBefore = (previous?: string) => !previous || Date.parse(at) >= Date.parse(previous);
  if (!state.updatedAt || notBefore(state.updatedAt)) state.updatedAt = at;
  if (update.phoneNumber) state.phoneNumber = update.phoneNumber;
  if (update.unsubscribed !== undefined && notBefore(state.subscriptionAt)) {
    state.unsubscribed = update.unsubscribed;
    state.subscriptionAt = at;
    state.unsubscribedAt = update.unsubscribed ? at : undefined;
  }
  if (update.status && notBefore(state.statusAt)) {
    state.status = update.status;
    state.statusAt = at;
  }
  // A delivered report resets the count, unless a bounce stamped later was counted already; a
  // bounce stamped before the last reset was part of what that reset cleared.
  if (update.delivery === 'delivered' && notBefore(state.lastBounceAt)) {
    state.bounces = 0;
    state.bounced = false;
    state.resetAt = at;
  } else if (update.delivery === 'bounced' && notBefore(state.resetAt)) {
    state.bounces++;
    if (notBefore(state.lastBounceAt)) state.lastBounceAt = at;
    if (state.bounces >= settings.bounceThreshold && !state.bounced) {
      state.bounced = true;
      return {
        bounced: {
          contactId: state.contactId,
          ...(state.phoneNumber && { phoneNumber: state.phoneNumber }),
          bounces: state.bounces,
          ...(state.unsubscribedAt && { unsubscribedAt: state.unsubscribedAt }),
        },
      };
    }
  }
  return {};
}

/** Why Herald sends this contact no SMS, if it does not. */
export function smsRefusal(state: Pick<ContactState, 'unsubscribed' | 'status'>): { code: string; message: string } | undefined {
  if (state.unsubscribed) return { code: 'contact_unsubscribed', message: 'the contact unsubscribed; Herald sends it no SMS' };
  if (state.status === 'deactivated') return { code: 'contact_deactivated', message: 'the carrier deactivated the contact\'s number; Herald sends it no SMS' };
  return undefined;
}

/** A phone number as contacts are stored: its digits. */
export const phoneDigits = (phone: string) => phone.replace(/\D/g, '');

/**
 * Numbers match on their last 10 digits, so +1 500 555 0009, 15005550009 and 5005550009 are one
 * contact (Mobiniti's own payloads write a number both ways); shorter numbers (short codes)
 * match whole.
 */
export const PHONE_MATCH_DIGITS = 10;

export function contactWorkflowId(appId: string, contactId: string): string {
  return `contact/${appId}/${contactId}`;
}
