// The one config field the chat channels share: their incoming-webhook URL, a secret (whoever has
// it can post into the team's channel), checked against the private-address policy.
import { Type } from '@sinclair/typebox';
import { checkTargetUrl } from '../../domain/address-policy';
import type { ConfigProblem } from './channel';

export const WebhookUrlConfig = Type.Object({ url: Type.String({ minLength: 1, maxLength: 2048 }) }, { additionalProperties: false });

export function checkUrlField(url: string, path: string, allowPrivateTargets: boolean): ConfigProblem[] {
  const problem = checkTargetUrl(url, allowPrivateTargets);
  return problem ? [{ path, message: problem }] : [];
}
