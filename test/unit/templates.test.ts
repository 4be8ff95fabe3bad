// Templates are the app's and event data the producer's: rendering them is bounded, so neither can
// make the shared worker render gigabytes.
import { countPlaceholders, MAX_PLACEHOLDERS, MAX_RENDERED_CHARS, renderBudget, renderHtmlTemplate, renderJsonTemplate, renderTemplate, TemplateTooLarge } from '../../domain/templates';
import type { HeraldEvent } from '../../domain/event-envelope';

const event = (data: Record<string, unknown>): HeraldEvent => ({ appId: 'app_1', id: 'evt_1', type: 'message.created', occurredAt: '2026-12-06T00:00:00.000Z', data });

describe('templates', () => {
  it('renders fields, empty for unknown ones, JSON for objects, escaped in HTML', () => {
    const e = event({ from: 'alice', body: '<b>&', nested: { a: 1 } });
    expect(renderTemplate('{{data.from}}|{{ data.nope }}|{{data.nested}}|{{id}}', e)).toBe('alice||{"a":1}|evt_1');
    expect(renderHtmlTemplate('<p>{{data.body}}</p>', e)).toBe('<p>&lt;b&gt;&amp;</p>');
    expect(renderJsonTemplate({ t: 'from {{data.from}}', n: 3, l: ['{{id}}'] }, e)).toEqual({ t: 'from alice', n: 3, l: ['evt_1'] });
  });

  it('refuses, before spending the memory, more placeholders or more output than one message may have', () => {
    const big = event({ blob: 'x'.repeat(240_000) });
    expect(() => renderTemplate('{{data.nope}}'.repeat(MAX_PLACEHOLDERS + 1), big)).toThrow(TemplateTooLarge);
    expect(renderTemplate('{{data.nope}}'.repeat(MAX_PLACEHOLDERS), big)).toBe('');
    expect(() => renderTemplate('{{data}}'.repeat(19_000), event({ a: 1 }))).toThrow(/more than 200 placeholders/);
    expect(() => renderTemplate('{{data.blob}}'.repeat(5), big)).toThrow(new RegExp(`more than ${MAX_RENDERED_CHARS} characters`));
    expect(renderTemplate('{{data.blob}}'.repeat(4), big)).toHaveLength(960_000);
    // One budget for every field of a message: each alone fits, together they do not.
    const budget = renderBudget();
    renderTemplate('{{data.blob}}{{data.blob}}', big, budget);
    expect(() => renderHtmlTemplate('{{data.blob}}{{data.blob}}{{data.blob}}', big, budget)).toThrow(TemplateTooLarge);
    expect(() => renderJsonTemplate({ a: '{{data.blob}}'.repeat(3), b: ['{{data.blob}}', '{{data.blob}}'] }, big)).toThrow(TemplateTooLarge);
  });

  it('counts placeholders anywhere in a JSON template', () => {
    expect(countPlaceholders({ a: '{{x}} {{ y }}', b: ['{{z}}', 1, null], c: { d: 'none' } })).toBe(3);
    expect(countPlaceholders(['{{a}}', undefined, '{{b}}'])).toBe(2);
  });
});
