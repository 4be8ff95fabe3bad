// `{{data.from}}`-style templates over an event, for push texts, channel messages and recipients.
// Unknown fields render empty; HTML templates escape what they insert.
//
// Rendering is bounded. A template is the app's, an event's data is the producer's, and a few
// thousand `{{data}}` over 240 KB of data would render gigabytes inside the worker that every app
// shares. So a template holds at most MAX_PLACEHOLDERS fields (the API refuses more), and one
// message (all of its fields together) renders at most MAX_RENDERED_CHARS: past either,
// TemplateTooLarge is thrown at once, before the memory is spent, and the send it was for fails
// alone (activities/channels/route-delivery.ts).
import type { HeraldEvent } from './event-envelope';

/** Placeholders one template (a route's recipient, subject, text and html together; a JSON body) may hold. */
export const MAX_PLACEHOLDERS = 200;
/** Characters one rendered message may reach: an event's data (256 KiB at most) about four times over. */
export const MAX_RENDERED_CHARS = 1024 * 1024;

export class TemplateTooLarge extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateTooLarge';
  }
}

const FIELD = /\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g;

/** How much one message may still render; shared by its fields. */
export interface RenderBudget {
  chars: number;
  placeholders: number;
}

export function renderBudget(): RenderBudget {
  return { chars: MAX_RENDERED_CHARS, placeholders: MAX_PLACEHOLDERS };
}

/** Placeholders in a template (strings anywhere inside a JSON template count). */
export function countPlaceholders(template: unknown): number {
  if (typeof template === 'string') return template.match(FIELD)?.length ?? 0;
  if (Array.isArray(template)) return template.reduce((n: number, t) => n + countPlaceholders(t), 0);
  if (template !== null && typeof template === 'object') return Object.values(template).reduce((n: number, t) => n + countPlaceholders(t), 0);
  return 0;
}

function valueAt(event: HeraldEvent, path: string): string {
  let value: unknown = event;
  for (const part of path.split('.')) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function render(template: string, event: HeraldEvent, budget: RenderBudget, escape?: (s: string) => string): string {
  const parts: string[] = [];
  // One path's value is worked out once per template, however often it appears.
  const seen = new Map<string, string>();
  let last = 0;
  const spend = (chars: number) => {
    budget.chars -= chars;
    if (budget.chars < 0) throw new TemplateTooLarge(`the template renders more than ${MAX_RENDERED_CHARS} characters for this event`);
  };
  for (const match of template.matchAll(FIELD)) {
    if (--budget.placeholders < 0) throw new TemplateTooLarge(`the template holds more than ${MAX_PLACEHOLDERS} placeholders`);
    const literal = template.slice(last, match.index);
    spend(literal.length);
    parts.push(literal);
    const path = match[1];
    let value = seen.get(path);
    if (value === undefined) {
      value = valueAt(event, path);
      if (escape) value = escape(value);
      seen.set(path, value);
    }
    spend(value.length);
    parts.push(value);
    last = match.index + match[0].length;
  }
  const rest = template.slice(last);
  spend(rest.length);
  parts.push(rest);
  return parts.join('');
}

export function renderTemplate(template: string, event: HeraldEvent, budget: RenderBudget = renderBudget()): string {
  return render(template, event, budget);
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** For HTML bodies: an event's text is never markup (a message saying `<script>` stays text). */
export function renderHtmlTemplate(template: string, event: HeraldEvent, budget: RenderBudget = renderBudget()): string {
  return render(template, event, budget, (s) => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]));
}

/** A JSON template: every string inside it is a template; the rest is kept as it is. One budget for the whole. */
export function renderJsonTemplate(template: unknown, event: HeraldEvent, budget: RenderBudget = renderBudget()): unknown {
  if (typeof template === 'string') return render(template, event, budget);
  if (Array.isArray(template)) return template.map((t) => renderJsonTemplate(t, event, budget));
  if (template !== null && typeof template === 'object') {
    return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, renderJsonTemplate(v, event, budget)]));
  }
  return template;
}
