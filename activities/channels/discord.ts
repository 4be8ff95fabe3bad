// Discord webhooks: POST {content} (at most 2,000 characters) to the channel's webhook URL
// (https://discord.com/developers/docs/resources/webhook#execute-webhook).
import { cutText } from '../../domain/text-cut';
import type { Channel } from './channel';
import { postJson } from './http-answer';
import { checkUrlField, WebhookUrlConfig } from './webhook-url';

export const discordChannel: Channel<{ url: string }> = {
  type: 'discord',
  configSchema: WebhookUrlConfig,
  secretFields: ['url'],
  destinationFields: ['url'],
  recipient: 'none',
  check: (config, { allowPrivateTargets }) => checkUrlField(config.url, '/url', allowPrivateTargets),
  targetUrls: (config) => [{ path: '/url', url: config.url }],
  createSender: ({ poster }) => (config, message) => postJson(poster, config.url, { content: cutText(message.text, 2000), allowed_mentions: { parse: [] } }),
};
