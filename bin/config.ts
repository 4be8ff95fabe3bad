// The environment, read once at start, validated, typed. A wrong value stops Herald with a
// message naming the variable and what it should be.
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { DEFAULT_LIMITS, LIMIT_VARIABLES } from '../db/caps';
import { DEFAULT_RATE_LIMITS, RATE_LIMIT_VARIABLES } from '../api/rate-limit';
import { DEFAULT_TIMEOUTS } from '../api/http-limits';
import { loadTemporalTarget, type TemporalConnectionOptions } from './temporal-target';
import { parsePayloadKeys } from '../runtime/payload-encryption';
import { DEFAULT_ROUND_BUDGET_MS } from '../activities/round-budget';

const Port = Type.Integer({ minimum: 0, maximum: 65_535 });
const Flag = Type.Boolean();

const ConfigSchema = Type.Object({
  apiHost: Type.String({ minLength: 1 }),
  apiPort: Port,
  adminToken: Type.Optional(Type.String({ minLength: 16 })),
  temporalAddress: Type.Optional(Type.String({ minLength: 3 })),
  temporalNamespace: Type.String({ minLength: 1 }),
  taskQueue: Type.String({ minLength: 1 }),
  temporalPort: Port,
  temporalUiPort: Port,
  databaseUrl: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  postgresPort: Port,
  dataDir: Type.String({ minLength: 1 }),
  allowPrivateTargets: Flag,
  encryptionKey: Type.Optional(Type.String({ minLength: 44, maxLength: 44 })),
  // Checked by parsePayloadKeys below, whose message does not repeat the key.
  payloadKey: Type.Optional(Type.String({ minLength: 1 })),
  payloadKeys: Type.Array(Type.String({ minLength: 1 })),
  codecCorsOrigins: Type.Array(Type.String({ pattern: '^https?://[^/]+$' })),
  consoleFrameAncestors: Type.Array(Type.String({ pattern: "^(https?://[^/\\s;]+|'self')$" })),
  webhookTimeoutMs: Type.Integer({ minimum: 100, maximum: 120_000 }),
  maxResponseBytes: Type.Integer({ minimum: 0, maximum: 1_048_576 }),
  workflowCacheSize: Type.Integer({ minimum: 0, maximum: 100_000 }),
  maxEventsInFlight: Type.Integer({ minimum: 1, maximum: 100_000 }),
  maxDeliveriesInFlight: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
  roundBudgetMs: Type.Integer({ minimum: 10, maximum: 120_000 }),
  maxEndpointsPerApp: Type.Integer({ minimum: 1, maximum: 10_000 }),
  maxChannelsPerApp: Type.Integer({ minimum: 1, maximum: 10_000 }),
  maxRoutesPerApp: Type.Integer({ minimum: 1, maximum: 10_000 }),
  maxPushCredentialsPerApp: Type.Integer({ minimum: 1, maximum: 1000 }),
  maxDevicesPerUser: Type.Integer({ minimum: 1, maximum: 1000 }),
  maxBinsPerApp: Type.Integer({ minimum: 1, maximum: 1000 }),
  eventsPerSecondPerKey: Type.Number({ minimum: 1, maximum: 1_000_000 }),
  probesPerMinutePerKey: Type.Number({ minimum: 1, maximum: 100_000 }),
  binRequestsPerSecond: Type.Number({ minimum: 1, maximum: 100_000 }),
  requestTimeoutMs: Type.Integer({ minimum: 1000, maximum: 600_000 }),
  idleTimeoutMs: Type.Integer({ minimum: 1000, maximum: 3_600_000 }),
  apnsProductionOrigin: Type.String({ pattern: '^https://' }),
  apnsSandboxOrigin: Type.String({ pattern: '^https://' }),
  fcmOrigin: Type.String({ pattern: '^https://' }),
  secretRotationGraceSeconds: Type.Integer({ minimum: 0, maximum: 30 * 86_400 }),
  startSweepSeconds: Type.Number({ minimum: 0.1, maximum: 3600 }),
  metricsPort: Type.Optional(Port),
  metricsHost: Type.String({ minLength: 1 }),
  publicUrl: Type.Optional(Type.String({ pattern: '^https?://[^/]+$' })),
  /** An HTTP CONNECT proxy every outgoing request goes through (activities/channels/egress.ts). */
  egressProxy: Type.Optional(Type.String({ pattern: '^http://([^/@]+@)?[^/@]+(:[0-9]+)?/?$' })),
  logLevel: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace'].map((l) => Type.Literal(l))),
});
type SchemaConfig = Static<typeof ConfigSchema>;
export type Config = SchemaConfig & {
  /** TLS, API key and gRPC metadata for Temporal, from Temporal's own environment configuration (./temporal-target.ts). */
  temporalConnection: TemporalConnectionOptions;
  /** How Herald connects to Temporal, in words, for logs and errors. */
  temporalDescription: string;
};

/** Each setting: its variable, and how to read it. */
const VARIABLES: Record<keyof SchemaConfig, { name: string; parse: (raw: string) => unknown; fallback?: unknown }> = {
  apiHost: { name: 'HERALD_API_HOST', parse: String, fallback: '127.0.0.1' },
  apiPort: { name: 'HERALD_API_PORT', parse: Number, fallback: 3000 },
  adminToken: { name: 'HERALD_ADMIN_TOKEN', parse: String },
  // Read with Temporal's own precedence (variables over a TOML profile) by loadTemporalTarget.
  temporalAddress: { name: 'TEMPORAL_ADDRESS', parse: String },
  temporalNamespace: { name: 'TEMPORAL_NAMESPACE', parse: String, fallback: 'default' },
  taskQueue: { name: 'HERALD_TASK_QUEUE', parse: String, fallback: 'herald' },
  temporalPort: { name: 'HERALD_TEMPORAL_PORT', parse: Number, fallback: 7233 },
  temporalUiPort: { name: 'HERALD_TEMPORAL_UI_PORT', parse: Number, fallback: 8233 },
  databaseUrl: { name: 'DATABASE_URL', parse: String },
  postgresPort: { name: 'HERALD_POSTGRES_PORT', parse: Number, fallback: 5488 },
  dataDir: { name: 'HERALD_DATA_DIR', parse: String, fallback: '.herald' },
  allowPrivateTargets: { name: 'HERALD_ALLOW_PRIVATE_TARGETS', parse: (v) => (v === '1' || v === 'true' ? true : v === '0' || v === 'false' ? false : v), fallback: false },
  encryptionKey: { name: 'HERALD_ENCRYPTION_KEY', parse: String },
  payloadKey: { name: 'HERALD_PAYLOAD_KEY', parse: String },
  payloadKeys: { name: 'HERALD_PAYLOAD_KEYS', parse: (v) => v.split(/[\s,]+/).filter(Boolean), fallback: [] },
  consoleFrameAncestors: { name: 'HERALD_CONSOLE_FRAME_ANCESTORS', parse: (v) => v.split(/\s+/).filter(Boolean).map((o) => o.replace(/\/+$/, '')), fallback: [] },
  codecCorsOrigins: { name: 'HERALD_CODEC_CORS_ORIGINS', parse: (v) => v.split(/[\s,]+/).filter(Boolean).map((o) => o.replace(/\/+$/, '')), fallback: [] },
  webhookTimeoutMs: { name: 'HERALD_WEBHOOK_TIMEOUT_MS', parse: Number, fallback: 15_000 },
  maxResponseBytes: { name: 'HERALD_MAX_RESPONSE_BYTES', parse: Number, fallback: 4096 },
  workflowCacheSize: { name: 'HERALD_WORKFLOW_CACHE_SIZE', parse: Number, fallback: 250 },
  maxEventsInFlight: { name: 'HERALD_MAX_EVENTS_IN_FLIGHT', parse: Number, fallback: 32 },
  maxDeliveriesInFlight: { name: 'HERALD_MAX_DELIVERIES_IN_FLIGHT', parse: Number, fallback: 300 },
  roundBudgetMs: { name: 'HERALD_ROUND_BUDGET_MS', parse: Number, fallback: DEFAULT_ROUND_BUDGET_MS },
  maxEndpointsPerApp: { name: 'HERALD_MAX_ENDPOINTS_PER_APP', parse: Number, fallback: 100 },
  maxChannelsPerApp: { name: LIMIT_VARIABLES.channelsPerApp, parse: Number, fallback: DEFAULT_LIMITS.channelsPerApp },
  maxRoutesPerApp: { name: LIMIT_VARIABLES.routesPerApp, parse: Number, fallback: DEFAULT_LIMITS.routesPerApp },
  maxPushCredentialsPerApp: { name: LIMIT_VARIABLES.pushCredentialsPerApp, parse: Number, fallback: DEFAULT_LIMITS.pushCredentialsPerApp },
  maxDevicesPerUser: { name: LIMIT_VARIABLES.devicesPerUser, parse: Number, fallback: DEFAULT_LIMITS.devicesPerUser },
  maxBinsPerApp: { name: LIMIT_VARIABLES.binsPerApp, parse: Number, fallback: DEFAULT_LIMITS.binsPerApp },
  eventsPerSecondPerKey: { name: RATE_LIMIT_VARIABLES.eventsPerSecond, parse: Number, fallback: DEFAULT_RATE_LIMITS.eventsPerSecond },
  probesPerMinutePerKey: { name: RATE_LIMIT_VARIABLES.probesPerMinute, parse: Number, fallback: DEFAULT_RATE_LIMITS.probesPerMinute },
  binRequestsPerSecond: { name: RATE_LIMIT_VARIABLES.binRequestsPerSecond, parse: Number, fallback: DEFAULT_RATE_LIMITS.binRequestsPerSecond },
  requestTimeoutMs: { name: 'HERALD_REQUEST_TIMEOUT_MS', parse: Number, fallback: DEFAULT_TIMEOUTS.requestMs },
  idleTimeoutMs: { name: 'HERALD_IDLE_TIMEOUT_MS', parse: Number, fallback: DEFAULT_TIMEOUTS.idleMs },
  apnsProductionOrigin: { name: 'HERALD_APNS_PRODUCTION_ORIGIN', parse: String, fallback: 'https://api.push.apple.com' },
  apnsSandboxOrigin: { name: 'HERALD_APNS_SANDBOX_ORIGIN', parse: String, fallback: 'https://api.sandbox.push.apple.com' },
  fcmOrigin: { name: 'HERALD_FCM_ORIGIN', parse: String, fallback: 'https://fcm.googleapis.com' },
  secretRotationGraceSeconds: { name: 'HERALD_SECRET_ROTATION_GRACE_SECONDS', parse: Number, fallback: 86_400 },
  startSweepSeconds: { name: 'HERALD_START_SWEEP_SECONDS', parse: Number, fallback: 15 },
  metricsPort: { name: 'HERALD_METRICS_PORT', parse: Number },
  metricsHost: { name: 'HERALD_METRICS_HOST', parse: String, fallback: '127.0.0.1' },
  publicUrl: { name: 'HERALD_PUBLIC_URL', parse: (v) => v.replace(/\/+$/, '') },
  egressProxy: { name: 'HERALD_EGRESS_PROXY', parse: String },
  logLevel: { name: 'HERALD_LOG_LEVEL', parse: String, fallback: 'info' },
};

/** Every environment variable Herald reads. */
export const CONFIG_VARIABLE_NAMES: readonly string[] = Object.values(VARIABLES).map((v) => v.name);

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const raw: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(VARIABLES)) {
    const value = env[v.name];
    raw[key] = value !== undefined && value !== '' ? v.parse(value) : v.fallback;
  }
  const temporal = loadTemporalTarget(env);
  if (temporal.address) raw.temporalAddress = temporal.address;
  if (temporal.namespace) raw.temporalNamespace = temporal.namespace;
  const { temporalConnection, temporalDescription, ...schemaOverrides } = overrides;
  const candidate = { ...raw, ...schemaOverrides };
  for (const key of Object.keys(candidate)) if (candidate[key as keyof typeof candidate] === undefined) delete candidate[key as keyof typeof candidate];
  const errors = [...Value.Errors(ConfigSchema, candidate)];
  if (errors.length > 0) {
    const lines = errors.map((e) => {
      const key = e.path.slice(1).split('/')[0] as keyof SchemaConfig;
      const v = VARIABLES[key];
      return `  ${v?.name ?? key}=${JSON.stringify(env[v?.name ?? ''] ?? '')}: ${e.message}`;
    });
    throw new Error(`Herald's configuration is invalid; set these environment variables:\n${[...new Set(lines)].join('\n')}`);
  }
  const checked = candidate as SchemaConfig;
  if (checked.payloadKey) {
    try {
      parsePayloadKeys(checked.payloadKey, checked.payloadKeys);
    } catch (err) {
      throw new Error(`Herald's configuration is invalid; set these environment variables:\n  ${(err as Error).message}`);
    }
  } else if (checked.payloadKeys.length > 0) {
    throw new Error(`Herald's configuration is invalid; set these environment variables:\n  HERALD_PAYLOAD_KEYS is set without HERALD_PAYLOAD_KEY (the key that encrypts)`);
  }
  return {
    ...checked,
    temporalConnection: temporalConnection ?? temporal.connection,
    temporalDescription: temporalDescription ?? temporal.description,
  };
}
