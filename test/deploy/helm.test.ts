// The Helm chart (deploy/helm/herald) checked without a cluster: `helm lint --strict` (values
// checked by values.schema.json), the chart rendered with the default values and with every
// option on, and each rendered manifest checked against Kubernetes' own schemas offline
// (kubernetes-validate, from PyPI). Helm 4 is built by .ci/run from the Go module proxy
// (HERALD_HELM); without it the file is skipped on a developer's machine and fails in CI.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';

const root = path.join(__dirname, '..', '..');
const chart = path.join(root, 'deploy', 'helm', 'herald');
const HELM = process.env.HERALD_HELM ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'herald', 'helm', 'v4.3.2', 'helm');
const VALIDATE = process.env.HERALD_KUBERNETES_VALIDATE ?? path.join(root, '.tools', 'venv', 'bin', 'kubernetes-validate');
const runs = (existsSync(HELM) && existsSync(VALIDATE)) || process.env.CI;
if (!runs) console.warn(`helm.test.ts skipped: no helm at ${HELM} or no kubernetes-validate at ${VALIDATE} (.ci/run installs both)`);
const maybe = runs ? describe : describe.skip;
const run = promisify(execFile);

type Manifest = { kind: string; apiVersion: string; metadata: { name: string; annotations?: Record<string, string> }; spec?: any };

async function template(...args: string[]): Promise<{ text: string; manifests: Manifest[] }> {
  const { stdout } = await run(HELM, ['template', 'herald', chart, ...args], { maxBuffer: 16 * 1024 * 1024 });
  const manifests = parseAllDocuments(stdout).map((d) => d.toJSON() as Manifest).filter(Boolean);
  return { text: stdout, manifests };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'herald-helm-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** kubernetes-validate --strict on every manifest but the Prometheus Operator's CRD (no schema in Kubernetes' own). */
async function validate(name: string, manifests: Manifest[]): Promise<void> {
  const file = path.join(dir, `${name}.yaml`);
  const core = manifests.filter((m) => m.apiVersion !== 'monitoring.coreos.com/v1');
  await writeFile(file, core.map((m) => `---\n${JSON.stringify(m)}\n`).join(''));
  const { stdout } = await run(VALIDATE, ['--strict', '--kubernetes-version', '1.31', file]).catch((err: { stdout?: string; stderr?: string }) => {
    throw new Error(`kubernetes-validate refused ${name}:\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  });
  expect(stdout).not.toMatch(/ERROR|INVALID/i);
}

const container = (m: Manifest) => m.spec.template.spec.containers[0];
const envOf = (m: Manifest) => Object.fromEntries((container(m).env as { name: string; value?: string; valueFrom?: unknown }[]).map((e) => [e.name, e.value ?? e.valueFrom]));

maybe('the Helm chart', () => {
  it('passes helm lint --strict with the default values and with every option on', async () => {
    await run(HELM, ['lint', '--strict', chart]);
    await run(HELM, ['lint', '--strict', chart, '-f', path.join(__dirname, 'full-values.yaml')]);
  }, 60_000);

  it('refuses values its schema does not allow, naming them', async () => {
    const wrong = await run(HELM, ['template', 'herald', chart, '--set', 'api.replicas=two', '--set', 'colour=red']).catch((err: { stderr: string }) => err);
    expect((wrong as { stderr: string }).stderr).toMatch(/replicas/);
    expect((wrong as { stderr: string }).stderr).toMatch(/colour/);
    // A variable the chart sets from its own values is not set twice through env.
    const twice = await run(HELM, ['template', 'herald', chart, '--set', 'env.HERALD_METRICS_PORT=9000']).catch((err: { stderr: string }) => err);
    expect((twice as { stderr: string }).stderr).toMatch(/HERALD_METRICS_PORT/);
  }, 60_000);

  it('renders with the defaults: API and worker Deployments, non-root and read-only, secrets from Secrets, probes, the migration hook; each valid', async () => {
    const { manifests } = await template();
    const kinds = manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort();
    expect(kinds).toEqual(
      ['Deployment/herald-api', 'Deployment/herald-worker', 'Job/herald-migrate', 'PodDisruptionBudget/herald-api', 'PodDisruptionBudget/herald-worker', 'Service/herald', 'Service/herald-metrics', 'ServiceAccount/herald'].sort(),
    );
    const api = manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === 'herald-api')!;
    const worker = manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === 'herald-worker')!;
    for (const d of [api, worker]) {
      expect(d.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
      expect(container(d).securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
      // Secrets come from existing Secret objects, never as values in the manifest.
      expect(envOf(d)).toMatchObject({
        DATABASE_URL: { secretKeyRef: { name: 'herald-database', key: 'url' } },
        HERALD_ADMIN_TOKEN: { secretKeyRef: { name: 'herald-secrets', key: 'admin-token' } },
        HERALD_ENCRYPTION_KEY: { secretKeyRef: { name: 'herald-secrets', key: 'encryption-key' } },
        TEMPORAL_ADDRESS: 'temporal-frontend.temporal.svc:7233',
        TEMPORAL_NAMESPACE: 'default',
      });
    }
    expect(container(api).args).toEqual(['api']);
    expect(container(worker).args).toEqual(['worker']);
    // Started once /healthz says PostgreSQL and Temporal answer; then in the Service while it takes connections.
    expect(container(api).startupProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container(api).readinessProbe.tcpSocket).toEqual({ port: 'http' });
    // The migration hook runs before the release's ServiceAccount exists: it must not name it.
    expect(manifests.find((m) => m.kind === 'Job')!.spec.template.spec.serviceAccountName).toBeUndefined();
    // The check can fail: a field Kubernetes does not know is refused.
    await expect(validate('unknown-field', [{ ...api, spec: { ...api.spec, template: { ...api.spec.template, spec: { ...api.spec.template.spec, colour: 'red' } } } }])).rejects.toThrow(/'colour' was unexpected/);
    const job = manifests.find((m) => m.kind === 'Job')!;
    expect(job.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
    expect(container(job).args).toEqual(['migrate']);
    await validate('defaults', manifests);
  }, 60_000);

  it('renders every option on: HPAs, Ingress with TLS, ServiceMonitor, Temporal Cloud API key and mTLS, OpenTelemetry variables; each valid', async () => {
    const { manifests } = await template('-f', path.join(__dirname, 'full-values.yaml'));
    const kinds = manifests.map((m) => m.kind);
    for (const kind of ['HorizontalPodAutoscaler', 'Ingress', 'ServiceMonitor']) expect(kinds).toContain(kind);
    const api = manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === 'herald-api')!;
    // Scaled by its autoscaler: no replica count of its own to fight it.
    expect(api.spec.replicas).toBeUndefined();
    expect(envOf(api)).toMatchObject({
      TEMPORAL_API_KEY: { secretKeyRef: { name: 'temporal-cloud', key: 'api-key' } },
      TEMPORAL_TLS_CLIENT_CERT_PATH: '/etc/temporal-tls/tls.crt',
      TEMPORAL_TLS_SERVER_NAME: 'my-namespace.a2b3c.tmprl.cloud',
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: '/etc/temporal-tls/ca.crt',
      HERALD_PAYLOAD_KEY: { secretKeyRef: { name: 'herald-secrets', key: 'payload-key' } },
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector.observability:4318',
      HERALD_LOG_LEVEL: 'warn',
      HERALD_PUBLIC_URL: 'https://herald.example.com',
    });
    expect(api.spec.template.spec.volumes).toContainEqual({ name: 'temporal-tls', secret: { secretName: 'temporal-client-tls' } });
    await validate('full', manifests);
  }, 60_000);
});

it('builds its image from a Dockerfile that npm ci can run on the workspace, with no BuildKit-only step', async () => {
  const { readFile } = await import('node:fs/promises');
  const dockerfile = await readFile(path.join(root, 'Dockerfile'), 'utf8');
  const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { workspaces?: string[] };
  const beforeCi = dockerfile.slice(0, dockerfile.indexOf('RUN npm ci'));
  // npm ci refuses a lock whose workspaces it cannot find.
  for (const ws of pkg.workspaces ?? []) expect(beforeCi).toContain(`COPY ${ws}/package.json ${ws}/`);
  expect(dockerfile).not.toMatch(/RUN\s+--mount|#\s*syntax=/);
  // Every file copied in exists, and the entrypoint is what `npm run build` makes.
  for (const [, from] of dockerfile.matchAll(/^COPY (?!--from)(\S+(?: \S+)*) \S+$/gm)) {
    for (const file of from.split(' ')) if (file !== '.') expect(existsSync(path.join(root, file))).toBe(true);
  }
  const build = JSON.parse(await readFile(path.join(root, 'tsconfig.build.json'), 'utf8')) as { include: string[] };
  expect(build.include).toContain('bin');
  expect(dockerfile).toContain('ENTRYPOINT ["node", "dist/bin/herald.js"]');
  // The chart's runAsUser is the image's user (node, uid 1000 in the official Node images).
  expect(dockerfile).toMatch(/^USER node$/m);
});
