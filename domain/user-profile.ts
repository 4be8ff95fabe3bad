// A user's addresses and notification preferences (PUT /v1/apps/:appId/users/:userId and its
// /preferences): what the API accepts, and the pure rules sends are judged by. A route with
// `recipient: "user"` sends to the address its channel needs, and a user's mutes hold back what
// they name, except the app's critical event types. Webhooks are the app's own integration: never
// muted by a user.
import { Type, type Static } from '@sinclair/typebox';

/** The kinds of send a user can mute, by channel: push, and the forwarding channels' types grouped. */
export const PREFERENCE_KINDS = ['push', 'email', 'sms', 'chat'] as const;
export type PreferenceKind = (typeof PREFERENCE_KINDS)[number];

const Switches = Type.Object(
  {
    push: Type.Optional(Type.Boolean()),
    email: Type.Optional(Type.Boolean()),
    sms: Type.Optional(Type.Boolean()),
    chat: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, description: 'false mutes that kind of send; absent or true allows it' },
);

const ClockTime = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM, 24-hour' });

export const QuietHoursSchema = Type.Object(
  {
    start: ClockTime,
    end: ClockTime,
    timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "an IANA time zone; default the user's, then UTC" })),
  },
  { additionalProperties: false },
);

export const PreferencesSchema = Type.Object(
  {
    channels: Type.Optional(Switches),
    events: Type.Optional(Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_.-]{0,99}$' }), Switches, { maxProperties: 200 })),
    quietHours: Type.Optional(Type.Union([QuietHoursSchema, Type.Null()])),
  },
  { additionalProperties: false },
);
export type Preferences = Static<typeof PreferencesSchema>;
export type QuietHours = Static<typeof QuietHoursSchema>;

export const UserProfileSchema = Type.Object(
  {
    email: Type.Optional(Type.String({ minLength: 3, maxLength: 254 })),
    phoneNumber: Type.Optional(Type.String({ minLength: 2, maxLength: 16, description: 'E.164: +, then up to 15 digits' })),
    timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'an IANA time zone, such as Europe/Berlin' })),
    locale: Type.Optional(Type.String({ minLength: 2, maxLength: 35, description: 'a BCP 47 language tag, such as pt-BR' })),
  },
  { additionalProperties: false },
);
export type UserProfile = Static<typeof UserProfileSchema>;

export interface UserRecord extends UserProfile {
  preferences: Preferences;
}

export interface FieldProblem {
  path: string;
  message: string;
}

// One address, no display name, no spaces or line breaks: what a route sends to.
const EMAIL = /^[^\s@<>(),;:"[\]\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const E164 = /^\+[1-9][0-9]{1,14}$/;

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The tag in its canonical form (pt-br → pt-BR), or undefined when it is not BCP 47. */
export function canonicalLocale(tag: string): string | undefined {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    return canonical;
  } catch {
    return undefined;
  }
}

/** What is wrong with a profile's values, each with its field. */
export function profileProblems(profile: UserProfile): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (profile.email !== undefined && !EMAIL.test(profile.email)) problems.push({ path: '/email', message: 'is not one e-mail address (name@example.com)' });
  if (profile.phoneNumber !== undefined && !E164.test(profile.phoneNumber)) problems.push({ path: '/phoneNumber', message: 'is not an E.164 number (+ and the country code, up to 15 digits: +14155550123)' });
  if (profile.timeZone !== undefined && !isTimeZone(profile.timeZone)) problems.push({ path: '/timeZone', message: 'is not an IANA time zone (Europe/Berlin, America/Sao_Paulo, UTC)' });
  if (profile.locale !== undefined && !canonicalLocale(profile.locale)) problems.push({ path: '/locale', message: 'is not a BCP 47 language tag (en, pt-BR, zh-Hant-TW)' });
  return problems;
}

/** The profile as stored: the locale in its canonical form. */
export function normalizedProfile(profile: UserProfile): UserProfile {
  return { ...profile, ...(profile.locale !== undefined && { locale: canonicalLocale(profile.locale) ?? profile.locale }) };
}

/** What is wrong with preferences beyond their shape: a quiet-hours window's time zone. */
export function preferencesProblems(preferences: Preferences): FieldProblem[] {
  const zone = preferences.quietHours?.timeZone;
  if (zone !== undefined && !isTimeZone(zone)) return [{ path: '/quietHours/timeZone', message: 'is not an IANA time zone (Europe/Berlin, America/Sao_Paulo, UTC)' }];
  if (preferences.quietHours && preferences.quietHours.start === preferences.quietHours.end) {
    return [{ path: '/quietHours/end', message: 'is the same as start: a window needs a length (to stop quiet hours, send quietHours: null)' }];
  }
  return [];
}

/** The kind of send a forwarding channel's type makes, for the user's mutes. */
export function preferenceKindOf(channelType: string): PreferenceKind {
  if (channelType === 'email') return 'email';
  if (channelType === 'sms') return 'sms';
  return 'chat';
}

/**
 * Why the user's preferences hold this send back, or undefined when they allow it. A mute of the
 * event type wins over the channel's switch: `channels.email: false` with `events["x"].email: true`
 * still mutes (the user turned e-mail off). Critical types (the app's criticalEventTypes) are
 * never muted.
 */
export function mutedBy(preferences: Preferences | undefined, eventType: string, kind: PreferenceKind, critical: readonly string[]): string | undefined {
  if (!preferences || critical.includes(eventType)) return undefined;
  if (preferences.channels?.[kind] === false) return `the user turned ${kind} off (preferences channels.${kind})`;
  if (preferences.events?.[eventType]?.[kind] === false) return `the user turned ${kind} off for ${eventType} (preferences events["${eventType}"].${kind})`;
  return undefined;
}

/**
 * Where an event names its user: a message's or a call's recipient (`data.to`), otherwise
 * `data.userId` (presence, message.offline, whose user is the one offline). message.rejected's
 * `to` is an address, not a user.
 */
export function eventUserField(type: string): 'to' | 'userId' {
  return (type.startsWith('message.') && type !== 'message.rejected' && type !== 'message.offline') || type === 'call.missed' ? 'to' : 'userId';
}

/** The user an event is for (eventUserField), when it names one. */
export function eventUserId(type: string, data: Record<string, unknown>): string | undefined {
  const value = data[eventUserField(type)];
  return typeof value === 'string' && value !== '' && value.length <= 256 ? value : undefined;
}
