// Slack incoming webhooks: POST {text} to the URL Slack gave (https://api.slack.com/messaging/webhooks).
import type { Channel } from './channel';
import { postJson } from './http-answer';
import { checkUrlField, WebhookUrlConfig } from './webhook-url';

export const slackChannel: Channel<{ url: string }> = {
  type: 'slack',
  configSchema: WebhookUrlConfig,
  secretFields: ['url'],
  recipient: 'none',
  check: (config, { allowPrivateTargets }) => checkUrlField(config.url, '/url', allowPrivateTargets),
  targetUrls: (config) => [{ path: '/url', url: config.url }],
  createSender: ({ poster }) => (config, message) => postJson(poster, config.url, { text: message.text }),
};
