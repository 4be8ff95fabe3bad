// Schema changes in order. Applied once each, inside a transaction, by db/migrate.ts; or, for an
// index on a table that grows large, as separate statements outside one (`concurrently`), so that
// building it does not hold up the workers' writes.
// Kept as TypeScript strings so the compiled build needs no copy step.

export interface Migration {
  name: string;
  sql?: string;
  /** Run one by one, each in its own implicit transaction: CREATE INDEX CONCURRENTLY and the like. */
  concurrently?: string[];
}

export const migrations: Migration[] = [
  {
    name: '001-foundation',
    sql: `
      CREATE TABLE apps (
        id            text PRIMARY KEY,
        name          text NOT NULL,
        api_key_hash  bytea NOT NULL UNIQUE,
        settings      jsonb NOT NULL DEFAULT '{}',
        created_at    timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE endpoints (
        id               text PRIMARY KEY,
        app_id           text NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
        url              text NOT NULL,
        events           text[] NOT NULL,
        description      text,
        guaranteed       boolean NOT NULL DEFAULT false,
        status           text NOT NULL DEFAULT 'enabled' CHECK (status IN ('enabled', 'disabled')),
        disabled_reason  text,
        disabled_at      timestamptz,
        -- AES-256-GCM sealed (domain/secret-box.ts); previous_secret stays valid until its expiry
        secret_sealed    text NOT NULL,
        previous_secret_sealed text,
        previous_secret_expires_at timestamptz,
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX endpoints_app ON endpoints (app_id);

      CREATE TABLE events (
        app_id       text NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
        id           text NOT NULL,
        type         text NOT NULL,
        data         jsonb NOT NULL,
        occurred_at  timestamptz NOT NULL,
        received_at  timestamptz NOT NULL DEFAULT now(),
        -- set when the workflow first routed the event; NULL means accepted, not yet picked up
        routed_at    timestamptz,
        PRIMARY KEY (app_id, id)
      );

      -- One row per (event, endpoint): the delivery's current state.
      CREATE TABLE deliveries (
        app_id            text NOT NULL,
        event_id          text NOT NULL,
        endpoint_id       text NOT NULL,
        channel           text NOT NULL DEFAULT 'webhook',
        target            text NOT NULL,
        status            text NOT NULL CHECK (status IN ('pending', 'delivered', 'retrying', 'failed', 'skipped')),
        attempts          integer NOT NULL DEFAULT 0,
        last_status_code  integer,
        last_error        text,
        next_attempt_at   timestamptz,
        updated_at        timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (app_id, event_id, endpoint_id),
        FOREIGN KEY (app_id, event_id) REFERENCES events(app_id, id) ON DELETE CASCADE
      );

      -- Every attempt, for the operator: what was sent where and what came back.
      CREATE TABLE delivery_attempts (
        id                bigserial PRIMARY KEY,
        app_id            text NOT NULL,
        event_id          text NOT NULL,
        endpoint_id       text NOT NULL,
        attempt           integer NOT NULL,
        webhook_id        text NOT NULL,
        url               text NOT NULL,
        status_code       integer,
        latency_ms        integer NOT NULL,
        error             text,
        response_excerpt  text,
        created_at        timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX delivery_attempts_event ON delivery_attempts (app_id, event_id);
      CREATE INDEX delivery_attempts_endpoint ON delivery_attempts (endpoint_id, created_at DESC);
    `,
  },
  {
    name: '002-payload-formats',
    sql: `
      ALTER TABLE endpoints
        ADD COLUMN format text NOT NULL DEFAULT 'herald' CHECK (format IN ('herald', 'mesibo', 'mqttchat')),
        ADD COLUMN format_options jsonb NOT NULL DEFAULT '{}';
    `,
  },
  {
    name: '003-secret-grace-list',
    sql: `
      -- Every rotated-out secret keeps signing until its own grace period ends, however many
      -- rotations came since: a list of {sealed, expiresAt}, newest first.
      ALTER TABLE endpoints ADD COLUMN previous_secrets jsonb NOT NULL DEFAULT '[]';
      UPDATE endpoints SET previous_secrets = jsonb_build_array(
          jsonb_build_object('sealed', previous_secret_sealed, 'expiresAt', previous_secret_expires_at))
        WHERE previous_secret_sealed IS NOT NULL AND previous_secret_expires_at > now();
      -- previous_secret_sealed and previous_secret_expires_at stay (unused) for processes of the
      -- earlier release still running during a rolling upgrade; a later migration drops them.
      -- No query reads attempts by endpoint yet; the busiest insert table keeps only the index it uses.
      DROP INDEX delivery_attempts_endpoint;
    `,
  },
  {
    name: '004-push-credentials-and-devices',
    sql: `
      -- An app's APNs keys and FCM service accounts. The secret part (the .p8 key, the service
      -- account JSON) is AES-256-GCM sealed like endpoint secrets and never returned; the rest is
      -- what a console shows. One active credential per platform and APNs environment.
      CREATE TABLE push_credentials (
        id             text PRIMARY KEY,
        app_id         text NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
        platform       text NOT NULL CHECK (platform IN ('apns', 'fcm')),
        name           text NOT NULL,
        environment    text CHECK (environment IN ('sandbox', 'production')),
        details        jsonb NOT NULL,
        secret_sealed  text NOT NULL,
        active         boolean NOT NULL,
        expires_at     timestamptz,
        status         text NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'failing')),
        status_reason  text,
        created_at     timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now(),
        CHECK ((platform = 'apns') = (environment IS NOT NULL))
      );
      CREATE INDEX push_credentials_app ON push_credentials (app_id);
      CREATE UNIQUE INDEX push_credentials_one_active ON push_credentials (app_id, platform, COALESCE(environment, ''))
        WHERE active;

      -- Users' device tokens. A token belongs to one user of an app at a time: the newest to
      -- register it (a phone changes hands, a user signs in on another account).
      CREATE TABLE devices (
        app_id       text NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
        token        text NOT NULL,
        platform     text NOT NULL CHECK (platform IN ('apns', 'fcm')),
        user_id      text NOT NULL,
        environment  text CHECK (environment IN ('sandbox', 'production')),
        created_at   timestamptz NOT NULL DEFAULT now(),
        updated_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (app_id, token)
      );
      CREATE INDEX devices_user ON devices (app_id, user_id);
    `,
  },
  {
    name: '005-voip-devices',
    sql: `
      -- A PushKit (VoIP) token is a device of its own: Apple takes only VoIP pushes for it, on the
      -- <topic>.voip topic, and only for calls. Registered beside the device's regular token.
      ALTER TABLE devices ADD COLUMN voip boolean NOT NULL DEFAULT false;
    `,
  },
  {
    name: '006-channels-routes-contacts',
    sql: `
      -- Forwarding channels (email, SMS, chat webhooks, http). config holds what may be shown;
      -- the secret fields of each type (SMTP login, SMS auth token, webhook URLs) are sealed
      -- together in secret_sealed and never returned.
      CREATE TABLE channels (
        id             text PRIMARY KEY,
        app_id         text NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
        type           text NOT NULL,
        name           text NOT NULL,
        config         jsonb NOT NULL,
        secret_sealed  text,
        status         text NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'failing')),
        status_reason  text,
        created_at     timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX channels_app ON channels (app_id);

      -- Which events go to which channel, to whom, with what text (templates over the event).
      CREATE TABLE routes (
        id           text PRIMARY KEY,
        app_id       text NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
        channel_id   text NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
        events       text[] NOT NULL,
        to_template  text,
        template     jsonb NOT NULL DEFAULT '{}',
        created_at   timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX routes_app ON routes (app_id);
      CREATE INDEX routes_channel ON routes (channel_id);

      -- What the contact workflows know, written through by them so a send can check it without
      -- a query to Temporal: no SMS to an unsubscribed or deactivated contact. The workflow's
      -- state is the truth; this is its copy.
      CREATE TABLE contacts (
        app_id        text NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
        contact_id    text NOT NULL,
        phone_digits  text,
        unsubscribed  boolean NOT NULL DEFAULT false,
        status        text NOT NULL DEFAULT 'active',
        bounces       int NOT NULL DEFAULT 0,
        updated_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (app_id, contact_id)
      );
      -- Numbers match on their last 10 digits (domain/contacts.ts PHONE_MATCH_DIGITS).
      CREATE INDEX contacts_phone ON contacts (app_id, right(phone_digits, 10));

      -- Each attempt names its channel (webhook, push, email, sms, …), as its delivery does.
      -- A constant default: PostgreSQL adds the column without rewriting the table.
      ALTER TABLE delivery_attempts ADD COLUMN channel text NOT NULL DEFAULT 'webhook';

      -- Endpoints may take Mobiniti's payload shapes.
      ALTER TABLE endpoints DROP CONSTRAINT endpoints_format_check,
        ADD CONSTRAINT endpoints_format_check CHECK (format IN ('herald', 'mesibo', 'mqttchat', 'mobiniti'));
    `,
  },
  {
    name: '007-unstarted-events',
    sql: `
      -- Events stored and answered 503 because their workflow could not be started (Temporal
      -- away): the API's sweeper starts them once Temporal answers. Only failures land here, so
      -- the busy path writes nothing more.
      CREATE TABLE unstarted_events (
        app_id      text NOT NULL,
        event_id    text NOT NULL,
        attempts    int NOT NULL DEFAULT 0,
        last_error  text,
        next_try_at timestamptz NOT NULL DEFAULT now(),
        created_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (app_id, event_id),
        FOREIGN KEY (app_id, event_id) REFERENCES events (app_id, id) ON DELETE CASCADE
      );
      CREATE INDEX unstarted_events_due ON unstarted_events (next_try_at);
    `,
  },
  {
    name: '008-operator-logs',
    sql: `
      -- The operators' logs: an app's events newest first, and an endpoint's attempts newest first.
      CREATE INDEX events_received ON events (app_id, received_at DESC, id DESC);
      CREATE INDEX delivery_attempts_app_endpoint ON delivery_attempts (app_id, endpoint_id, id DESC);
    `,
  },
  {
    name: '009-request-bins',
    sql: `
      -- Request bins: a URL on Herald's API that records every request to it, for operators to
      -- see exactly what Herald (or anyone) sends. A bin lives a day and keeps its last 100.
      CREATE TABLE bins (
        id          text PRIMARY KEY,
        app_id      text NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
        created_at  timestamptz NOT NULL DEFAULT now(),
        expires_at  timestamptz NOT NULL
      );
      CREATE INDEX bins_app ON bins (app_id);
      CREATE TABLE bin_requests (
        id           bigserial PRIMARY KEY,
        bin_id       text NOT NULL REFERENCES bins(id) ON DELETE CASCADE,
        method       text NOT NULL,
        path         text NOT NULL,
        headers      jsonb NOT NULL,
        body         text NOT NULL,
        truncated    boolean NOT NULL DEFAULT false,
        received_at  timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX bin_requests_bin ON bin_requests (bin_id, id DESC);
    `,
  },
  {
    name: '010-endpoint-health-order-recovery',
    sql: `
      -- An endpoint's health: failed attempts in a row (reset by a delivered one), and since when
      -- it has been failing (past the app's failingAfterAttempts), for endpoint.failing and
      -- endpoint.recovered. Written only by rounds that fail or that follow failures.
      ALTER TABLE endpoints
        ADD COLUMN consecutive_failures int NOT NULL DEFAULT 0,
        ADD COLUMN failing_since timestamptz,
        -- Ordered delivery: events reach the endpoint one at a time, in the order received.
        ADD COLUMN ordered boolean NOT NULL DEFAULT false;
      -- A delivery to an ordered endpoint waits its turn as 'queued'; the endpoint's workflow
      -- takes the oldest received first.
      ALTER TABLE deliveries DROP CONSTRAINT deliveries_status_check,
        ADD CONSTRAINT deliveries_status_check CHECK (status IN ('pending', 'queued', 'delivered', 'retrying', 'failed', 'skipped'));
      CREATE INDEX deliveries_open ON deliveries (app_id, endpoint_id) WHERE status IN ('queued', 'retrying');
      -- Recoveries (POST …/endpoints/:id/recover): what a recovery workflow has re-delivered so
      -- far, written by it as it goes, read by GET …/recover/:id without asking Temporal.
      CREATE TABLE recoveries (
        id            text PRIMARY KEY,
        app_id        text NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
        endpoint_id   text NOT NULL REFERENCES endpoints(id) ON DELETE CASCADE,
        since         timestamptz NOT NULL,
        until         timestamptz NOT NULL DEFAULT now(),
        status        text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed', 'failed')),
        found         int NOT NULL DEFAULT 0,
        delivered     int NOT NULL DEFAULT 0,
        failed        int NOT NULL DEFAULT 0,
        error         text,
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now(),
        completed_at  timestamptz
      );
      CREATE INDEX recoveries_endpoint ON recoveries (app_id, endpoint_id, created_at DESC);
    `,
  },
  {
    name: '011-send-claims',
    sql: `
      -- An SMS is sent at most once per attempt of a delivery: its claim is written before the
      -- send, and a run of the same attempt again (a worker that died after sending, before its
      -- workflow recorded it) finds the claim and sends nothing (activities/channels/route-delivery.ts).
      -- No key to events: Herald's own events have no row until their round is written.
      CREATE TABLE send_claims (
        app_id      text NOT NULL,
        event_id    text NOT NULL,
        route_id    text NOT NULL,
        attempt     int NOT NULL,
        claimed_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (app_id, event_id, route_id, attempt)
      );
      CREATE INDEX send_claims_age ON send_claims (claimed_at);
    `,
  },
  {
    name: '012-early-settlements',
    sql: `
      -- A provider's status callback that comes before the round that sent the message has written
      -- its delivery is kept with the send's claim, and applied by that round's write.
      ALTER TABLE send_claims ADD COLUMN settled_status text CHECK (settled_status IN ('delivered', 'failed')), ADD COLUMN settled_error text;
    `,
  },
  {
    name: '013-portal-links',
    sql: `
      -- Portal links sign a browser in to one app's console without its API key (api/routes/portal.ts):
      -- a link is used once, and makes a session its cookie names. Only hashes are kept.
      CREATE TABLE portal_links (
        token_hash  bytea PRIMARY KEY,
        app_id      text NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
        read_only   boolean NOT NULL,
        expires_at  timestamptz NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE portal_sessions (
        session_hash  bytea PRIMARY KEY,
        app_id        text NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
        read_only     boolean NOT NULL,
        expires_at    timestamptz NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX portal_links_expiry ON portal_links (expires_at);
      CREATE INDEX portal_sessions_expiry ON portal_sessions (expires_at);
    `,
  },
  {
    // The console's charts read an app's attempts by time (GET …/stats series). A build that an
    // earlier start left invalid (killed midway) is dropped and made again.
    name: '014-attempts-by-time',
    concurrently: [
      'DROP INDEX CONCURRENTLY IF EXISTS delivery_attempts_app_time',
      'CREATE INDEX CONCURRENTLY delivery_attempts_app_time ON delivery_attempts (app_id, created_at)',
    ],
  },
  {
    name: '015-attempt-outcome',
    sql: `
      -- What came of each attempt when it was written (delivered, retrying: another is due, failed,
      -- pending: a provider's callback will say), for the charts; a replay's attempts count as its
      -- own, not as the first delivery's. Older rows have none and are judged by their delivery.
      ALTER TABLE delivery_attempts ADD COLUMN outcome text;
    `,
  },
  {
    name: '016-delivery-sending',
    sql: `
      -- A first attempt still waiting for a slow receiver when the round's budget ran out
      -- (HERALD_ROUND_BUDGET_MS): the event is still being delivered, not completed.
      -- NOT VALID: every row already meets the narrower check it replaces, so the table is not
      -- scanned under the lock; new rows are checked as always.
      ALTER TABLE deliveries DROP CONSTRAINT deliveries_status_check,
        ADD CONSTRAINT deliveries_status_check CHECK (status IN ('pending', 'sending', 'queued', 'delivered', 'retrying', 'failed', 'skipped')) NOT VALID;
    `,
  },
  {
    name: '017-users',
    sql: `
      -- A user's addresses and notification preferences (PUT …/users/:userId and its
      -- /preferences), read by the sends of routes with recipient "user". What is pending for a
      -- user (delays, digests) lives in the user's workflow; this is what the user told the app.
      CREATE TABLE users (
        app_id        text NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
        user_id       text NOT NULL,
        email         text,
        phone_number  text,
        time_zone     text,
        locale        text,
        preferences   jsonb NOT NULL DEFAULT '{}',
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (app_id, user_id)
      );

      -- A route may send to the event's user (recipient "user") at the address its channel needs,
      -- under the user's preferences; policy holds the route's timing rules (delays, digests).
      ALTER TABLE routes ADD COLUMN recipient text CHECK (recipient IN ('user')),
        ADD COLUMN policy jsonb NOT NULL DEFAULT '{}';

      -- A send the user's policy held (quiet hours, a delay, a digest), and one it cancelled (read
      -- meanwhile). NOT VALID, as in 016: existing rows already meet it.
      ALTER TABLE deliveries DROP CONSTRAINT deliveries_status_check,
        ADD CONSTRAINT deliveries_status_check
          CHECK (status IN ('pending', 'sending', 'queued', 'held', 'delivered', 'retrying', 'failed', 'skipped', 'cancelled')) NOT VALID;

      -- Who waits on a message: a held send with cancelOn notes its user here, so an ack
      -- (message.read) of the message is told to them by one index look-up. A stale row costs a
      -- signal that finds nothing; the retention schedule prunes rows past a held send's longest wait.
      CREATE TABLE held_messages (
        app_id      text NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
        message_id  text NOT NULL,
        user_id     text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (app_id, message_id, user_id)
      );
      CREATE INDEX held_messages_created ON held_messages (created_at);

      -- Offline notices whose pushes the user's quiet hours held: at the window's end only the
      -- newest of a user's pushes; the others fold into it. Pruned by the retention schedule.
      CREATE TABLE held_pushes (
        app_id       text NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
        user_id      text NOT NULL,
        event_id     text NOT NULL,
        occurred_at  timestamptz NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (app_id, user_id, occurred_at, event_id)
      );
      CREATE INDEX held_pushes_created ON held_pushes (created_at);
    `,
  },
  {
    name: '018-delivery-controls',
    sql: `
      -- An endpoint's delivery controls (domain/endpoint-controls.ts). Header values, the OAuth
      -- client secret and the client certificate are sealed (db/endpoint-controls.ts); what an
      -- operator may see of them (header names, the certificate's subject) is kept beside.
      ALTER TABLE endpoints
        ADD COLUMN filter jsonb,
        ADD COLUMN rate_limit int,
        ADD COLUMN transformation text,
        ADD COLUMN headers_sealed text,
        ADD COLUMN header_names text[],
        ADD COLUMN auth jsonb,
        ADD COLUMN tls_sealed text,
        ADD COLUMN tls_info jsonb;

      -- A rate-limited endpoint's schedule, shared by every worker: the theoretical arrival time
      -- of its next delivery (GCRA, db/rate-slots.ts).
      CREATE TABLE endpoint_rate_slots (
        endpoint_id  text PRIMARY KEY REFERENCES endpoints(id) ON DELETE CASCADE,
        tat          timestamptz NOT NULL
      );

      -- A route's payload filter, and the channels its sends fail over to, in order.
      ALTER TABLE routes
        ADD COLUMN filter jsonb,
        ADD COLUMN fallback_channel_ids text[];
    `,
  },
  {
    name: '019-channel-circuit',
    sql: `
      -- A channel's circuit breaker (activities/channels/failover.ts): transient failures in a
      -- row; past a threshold it is failing, and sends skip it for its routes' fallbacks until
      -- open_until, when one send tries it again.
      ALTER TABLE channels
        ADD COLUMN transient_failures int NOT NULL DEFAULT 0,
        ADD COLUMN open_until timestamptz;
    `,
  },
];
