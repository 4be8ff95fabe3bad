// The push senders a worker holds: one HTTP/2 transport (sessions reused across events), APNs and FCM.
import type { HostLookup } from '../channels/safe-lookup';
import { createApnsSender } from './apns';
import { createFcmSender } from './fcm';
import { createHttp2Transport } from './http2-transport';

export interface PushOrigins {
  apnsProduction: string;
  apnsSandbox: string;
  fcm: string;
}

export function createPushSenders(options: { origins: PushOrigins; allowPrivateTargets: boolean; timeoutMs: number; ca?: string; lookup?: HostLookup; proxy?: string }) {
  const transport = createHttp2Transport({ allowPrivateTargets: options.allowPrivateTargets, timeoutMs: options.timeoutMs, ca: options.ca, lookup: options.lookup, ...(options.proxy && { proxy: options.proxy }) });
  return {
    sendApns: createApnsSender({ transport, origins: { production: options.origins.apnsProduction, sandbox: options.origins.apnsSandbox } }),
    sendFcm: createFcmSender({ transport, origin: options.origins.fcm }),
    close: () => transport.close(),
  };
}

export type PushSenders = ReturnType<typeof createPushSenders>;
