// What every route plugin is given: built once by buildApp (api/app.ts), in a file of its own so
// that the routes and the app that registers them do not import each other.
import type { Pool } from '../db/pool';
import type { ResourceLimits } from '../db/caps';
import type { AppsRepository } from '../db/apps-repository';
import type { EndpointsRepository } from '../db/endpoints-repository';
import type { EventsRepository } from '../db/events-repository';
import type { PushCredentialsRepository } from '../db/push-credentials-repository';
import type { DevicesRepository } from '../db/devices-repository';
import type { ChannelsRepository } from '../db/channels-repository';
import type { UsersRepository } from '../db/users-repository';
import type { RecoveriesRepository } from '../db/recoveries-repository';
import type { UnstartedEventsRepository } from '../db/unstarted-events-repository';
import type { BinsRepository } from '../db/bins-repository';
import type { EventStarter } from '../runtime/event-starter';
import type { Metrics } from '../runtime/metrics';
import type { HttpPoster } from '../activities/channels/http-post';
import type { HostLookup } from '../activities/channels/safe-lookup';
import type { Authenticator } from './auth';
import type { RecoveryStarter } from './recovery-starter';
import type { OrderedWaker } from './ordered-waker';
import type { PresenceReader } from './presence-reader';
import type { ContactReader } from './contact-reader';
import type { RateLimiters } from './rate-limit';
import type { PortalRepository } from '../db/portal-repository';

export interface RouteDeps {
  pool: Pool;
  auth: Authenticator;
  /** Portal links and their sessions (api/routes/portal.ts). */
  portal: PortalRepository;
  apps: AppsRepository;
  endpoints: EndpointsRepository;
  events: EventsRepository;
  pushCredentials: PushCredentialsRepository;
  devices: DevicesRepository;
  channels: ChannelsRepository;
  /** Users' addresses and notification preferences. */
  users: UsersRepository;
  starter: EventStarter;
  recoveryStarter: RecoveryStarter;
  wakeOrdered: OrderedWaker;
  recoveries: RecoveriesRepository;
  unstarted: UnstartedEventsRepository;
  tester: Pick<HttpPoster, 'post'>;
  metrics?: Metrics;
  bins: BinsRepository;
  publicUrl?: string;
  presence: PresenceReader;
  contacts: ContactReader;
  allowPrivateTargets: boolean;
  lookup?: HostLookup;
  maxEndpointsPerApp: number;
  limits: ResourceLimits;
  rates: RateLimiters;
  secretRotationGraceSeconds: number;
  temporalHealth: () => Promise<unknown>;
}
