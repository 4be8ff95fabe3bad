// docker-compose.yml promises the shape `npm run cluster` proves on this machine: every service
// the cluster runs is there, each Herald service gets exactly the variables the cluster's
// processes get, and the Temporal server is tuned and set up the same way.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import {
  CLUSTER_DYNAMIC_CONFIG,
  CLUSTER_SERVICES,
  NUM_HISTORY_SHARDS,
  TEMPORAL_SERVER_ENV,
  heraldEnvironment,
  uiEnvironment,
} from '../../bin/cluster/start-cluster';
import { SEARCH_ATTRIBUTE_NAMES } from '../../domain/event-envelope';
import { CONFIG_VARIABLE_NAMES } from '../../bin/config';

const root = path.resolve(__dirname, '..', '..');
const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, { environment?: Record<string, unknown>; volumes?: string[] }>;
};
const shared = { temporalAddress: 't:7233', namespace: 'default', databaseUrl: 'postgres://x', encryptionKey: 'k', adminToken: 'a', allowPrivateTargets: false };

it('has every service the cluster runs', () => {
  expect(Object.keys(compose.services)).toEqual(expect.arrayContaining([...CLUSTER_SERVICES]));
});

it.each(['api', 'worker'] as const)('gives herald-%s exactly the variables the cluster gives its processes', (role) => {
  const fromCluster = Object.keys(heraldEnvironment(role, shared, 1234)).sort();
  const fromCompose = Object.keys(compose.services[`herald-${role}`].environment ?? {}).sort();
  expect(fromCompose).toEqual(fromCluster);
  // And Herald reads each of them (a variable nobody reads would be a promise kept by nothing).
  expect(CONFIG_VARIABLE_NAMES).toEqual(expect.arrayContaining(fromCluster));
});

it('runs the Temporal UI with the variables the cluster gives it', () => {
  expect(Object.keys(compose.services['temporal-ui'].environment ?? {}).sort()).toEqual(Object.keys(uiEnvironment('t:7233', 8080)).sort());
});

it('runs the Temporal server with the same shards, environment and dynamic configuration', () => {
  const temporal = compose.services.temporal;
  expect(temporal.environment).toEqual(expect.objectContaining({ NUM_HISTORY_SHARDS, ...TEMPORAL_SERVER_ENV, DYNAMIC_CONFIG_FILE_PATH: 'config/dynamicconfig/herald.yaml' }));
  expect(temporal.volumes).toContain('./deploy/dynamic-config.yaml:/etc/temporal/config/dynamicconfig/herald.yaml:ro');
  const deployed = readFileSync(path.join(root, 'deploy', 'dynamic-config.yaml'), 'utf8').replace(/^#.*\n/gm, '');
  expect(parse(deployed)).toEqual(parse(CLUSTER_DYNAMIC_CONFIG));
});

it("registers Herald's search attributes in the compose setup, as the cluster does", () => {
  const setup = readFileSync(path.join(root, 'deploy', 'temporal-setup.sh'), 'utf8');
  for (const name of Object.values(SEARCH_ATTRIBUTE_NAMES)) expect(setup).toContain(name);
});
