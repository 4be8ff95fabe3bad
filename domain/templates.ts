// `{{data.from}}`-style templates over an event, for push texts, channel messages and recipients.
// Unknown fields render empty; HTML templates escape what they insert.
import type { HeraldEvent } from './event-envelope';

const FIELD = /\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g;

function valueAt(event: HeraldEvent, path: string): string {
  let value: unknown = event;
  for (const part of path.split('.')) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function renderTemplate(template: string, event: HeraldEvent): string {
  return template.replace(FIELD, (_, path: string) => valueAt(event, path));
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** For HTML bodies: an event's text is never markup (a message saying `<script>` stays text). */
export function renderHtmlTemplate(template: string, event: HeraldEvent): string {
  return template.replace(FIELD, (_, path: string) => valueAt(event, path).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]));
}

/** A JSON template: every string inside it is a template; the rest is kept as it is. */
export function renderJsonTemplate(template: unknown, event: HeraldEvent): unknown {
  if (typeof template === 'string') return renderTemplate(template, event);
  if (Array.isArray(template)) return template.map((t) => renderJsonTemplate(t, event));
  if (template !== null && typeof template === 'object') {
    return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, renderJsonTemplate(v, event)]));
  }
  return template;
}
