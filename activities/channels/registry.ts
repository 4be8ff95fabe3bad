// Every forwarding channel Herald has, by the name `POST /channels` takes. Adding a provider is
// adding its file and one line here (activities/channels/README.md).
import type { Channel } from './channel';
import { discordChannel } from './discord';
import { emailChannel } from './email';
import { httpChannel } from './http';
import { slackChannel } from './slack';
import { smsChannel } from './sms';
import { teamsChannel } from './teams';

export const CHANNELS: Record<string, Channel> = Object.fromEntries(
  [emailChannel, smsChannel, slackChannel, discordChannel, teamsChannel, httpChannel].map((c) => [c.type, c as unknown as Channel]),
);

export const CHANNEL_TYPES = Object.keys(CHANNELS);
