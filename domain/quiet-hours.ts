// A user's quiet hours: a daily window of wall-clock time ("22:00"–"07:00", which may cross
// midnight) in a time zone (the window's own, else the user's, else UTC). Worked out with Intl's
// time-zone data, so only by activities: a workflow replaying on a Node with newer zone rules
// must not decide differently, so it is handed instants instead.
import type { QuietHours } from './user-profile';

const MINUTES_PER_DAY = 24 * 60;

function clockMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock time at `ms` in `timeZone`: minutes since midnight, and the seconds past the minute. */
function wallClock(ms: number, timeZone: string): { minutes: number; seconds: number } {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return { minutes: Number(parts.hour) * 60 + Number(parts.minute), seconds: Number(parts.second) };
}

/** The window's zone: its own, else the user's, else UTC. */
export const quietZone = (quiet: QuietHours, userTimeZone?: string): string => quiet.timeZone ?? userTimeZone ?? 'UTC';

/**
 * When the quiet hours holding `nowMs` end (ms), or undefined when `nowMs` is outside them. Across
 * a daylight-saving change inside the window, the end is the wall-clock end on that night.
 */
export function quietUntil(quiet: QuietHours, userTimeZone: string | undefined, nowMs: number): number | undefined {
  const zone = quietZone(quiet, userTimeZone);
  const start = clockMinutes(quiet.start);
  const end = clockMinutes(quiet.end);
  const now = wallClock(nowMs, zone);
  const inside = start < end ? now.minutes >= start && now.minutes < end : now.minutes >= start || now.minutes < end;
  if (!inside) return undefined;
  const ahead = (end - now.minutes + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  let until = nowMs - now.seconds * 1000 - (nowMs % 1000) + ahead * 60_000;
  // The zone's offset may change inside the window (a DST night): set the guess to the wall clock's end.
  const landed = wallClock(until, zone).minutes;
  const off = ((end - landed + MINUTES_PER_DAY + MINUTES_PER_DAY / 2) % MINUTES_PER_DAY) - MINUTES_PER_DAY / 2;
  until += off * 60_000;
  return until > nowMs ? until : nowMs + 60_000;
}

/** Why a send waits, as its delivery says: the window, its zone, and its end. */
export function quietReason(quiet: QuietHours, userTimeZone: string | undefined, until: number): string {
  return `held: the user's quiet hours (${quiet.start}–${quiet.end} ${quietZone(quiet, userTimeZone)}) until ${new Date(until).toISOString()}`;
}
