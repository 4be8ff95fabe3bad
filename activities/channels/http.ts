// A plain HTTP POST of JSON for anything else (an internal service, a chat API Herald has no
// channel for): the URL and headers are the channel's secrets; the body is a JSON template whose
// strings may hold `{{data.from}}` fields, the event envelope itself by default.
import { Type } from '@sinclair/typebox';
import { countPlaceholders, MAX_PLACEHOLDERS, renderJsonTemplate } from '../../domain/templates';
import type { Channel, ConfigProblem } from './channel';
import { postJson } from './http-answer';
import { checkUrlField } from './webhook-url';

// Headers Herald sets itself or that would break the request.
const RESERVED = new Set(['content-type', 'content-length', 'host', 'connection', 'transfer-encoding', 'keep-alive', 'upgrade', 'te', 'trailer', 'expect']);

interface HttpConfig {
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
}

export const httpChannel: Channel<HttpConfig> = {
  type: 'http',
  configSchema: Type.Object(
    {
      url: Type.String({ minLength: 1, maxLength: 2048 }),
      headers: Type.Optional(Type.Record(Type.String({ pattern: "^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$" }), Type.String({ maxLength: 4096, pattern: '^[^\\r\\n\\u0000]*$' }), { maxProperties: 32 })),
      body: Type.Optional(Type.Unknown({ description: 'a JSON template; default: the event {id, type, timestamp, data}' })),
    },
    { additionalProperties: false },
  ),
  secretFields: ['url', 'headers'],
  destinationFields: ['url'],
  recipient: 'none',
  check(config, { allowPrivateTargets }) {
    const problems: ConfigProblem[] = checkUrlField(config.url, '/url', allowPrivateTargets);
    if (countPlaceholders(config.body) > MAX_PLACEHOLDERS) problems.push({ path: '/body', message: `holds more than ${MAX_PLACEHOLDERS} {{…}} placeholders` });
    for (const name of Object.keys(config.headers ?? {})) {
      if (RESERVED.has(name.toLowerCase())) problems.push({ path: `/headers/${name}`, message: 'is set by Herald and may not be given' });
    }
    return problems;
  },
  targetUrls: (config) => [{ path: '/url', url: config.url }],
  createSender: ({ poster }) => (config, _message, event) =>
    postJson(
      poster,
      config.url,
      config.body === undefined ? { id: event.id, type: event.type, timestamp: event.occurredAt, data: event.data } : renderJsonTemplate(config.body, event),
      config.headers,
    ),
};
