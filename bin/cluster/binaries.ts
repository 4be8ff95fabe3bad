// The real Temporal server and its SQL tool for `npm run cluster`, built once through the Go
// module proxy (`go install …@v1.32.1`, 7 to 17 minutes on a 2-core machine) and cached with the
// schema files they need in HERALD_CLUSTER_CACHE (default ~/.cache/herald/cluster, shared by
// every checkout on the machine). Debian's golang is installed when no Go is found.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const TEMPORAL_SERVER_VERSION = 'v1.32.1';
const MODULE = 'go.temporal.io/server';
/** The Web UI's server, the version docker-compose.yml runs (temporalio/ui:2.54.1); its module carries the built UI. */
export const TEMPORAL_UI_VERSION = 'v2.54.1';
const UI_MODULE = 'github.com/temporalio/ui-server/v2';

export interface ClusterBinaries {
  server: string;
  sqlTool: string;
  /** `postgresql/v12/temporal` and `…/visibility` from the server's module, at its version. */
  schemaDir: string;
  /** The UI server and its root (`config/docker.yaml`, read from the environment like the image's). */
  uiServer: string;
  uiRoot: string;
}

export function clusterCacheDir(): string {
  const cacheHome = process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache');
  return path.resolve(process.env.HERALD_CLUSTER_CACHE ?? path.join(cacheHome, 'herald', 'cluster'));
}

/** The cached binaries, if a build has finished: what tests check before they run. */
export function cachedClusterBinaries(cacheDir: string): ClusterBinaries | undefined {
  const found = {
    server: path.join(cacheDir, TEMPORAL_SERVER_VERSION, 'bin', 'server'),
    sqlTool: path.join(cacheDir, TEMPORAL_SERVER_VERSION, 'bin', 'sql'),
    schemaDir: path.join(cacheDir, TEMPORAL_SERVER_VERSION, 'schema', 'postgresql', 'v12'),
    uiServer: path.join(cacheDir, `ui-${TEMPORAL_UI_VERSION}`, 'bin', 'server'),
    uiRoot: path.join(cacheDir, `ui-${TEMPORAL_UI_VERSION}`),
  };
  return Object.values(found).every((p) => existsSync(p)) ? found : undefined;
}

function goCommand(log: (line: string) => void): string {
  for (const candidate of ['go', '/usr/local/go/bin/go', '/usr/lib/go/bin/go']) {
    try {
      execFileSync(candidate, ['version'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // not this one
    }
  }
  log('no Go found: installing Debian\'s golang');
  execFileSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq golang >/dev/null'], { stdio: 'inherit' });
  return 'go';
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const keep = (chunk: Buffer) => {
      tail = (tail + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${tail}`))));
    log(`${command} ${args.join(' ')}`);
  });
}

/** Builds what is missing (once), then answers where everything is. */
export async function ensureClusterBinaries(cacheDir: string, log: (line: string) => void): Promise<ClusterBinaries> {
  const cached = cachedClusterBinaries(cacheDir);
  if (cached) return cached;
  const versionDir = path.join(cacheDir, TEMPORAL_SERVER_VERSION);
  const bin = path.join(versionDir, 'bin');
  await mkdir(bin, { recursive: true });
  const go = goCommand(log);
  const env = { ...process.env, GOBIN: bin, CGO_ENABLED: '0' };
  const uiDir = path.join(cacheDir, `ui-${TEMPORAL_UI_VERSION}`);
  const missing = [path.join(bin, 'server'), path.join(bin, 'sql'), path.join(uiDir, 'bin', 'server')].some((p) => !existsSync(p));
  if (missing) log(`cache ${cacheDir}: building the Temporal server ${TEMPORAL_SERVER_VERSION}, its SQL tool and the UI server ${TEMPORAL_UI_VERSION} through the Go module proxy (once; ~20 minutes on 2 cores)`);
  if (!existsSync(path.join(bin, 'server'))) await run(go, ['install', `${MODULE}/cmd/server@${TEMPORAL_SERVER_VERSION}`], env, log);
  if (!existsSync(path.join(bin, 'sql'))) await run(go, ['install', `${MODULE}/cmd/tools/sql@${TEMPORAL_SERVER_VERSION}`], env, log);
  if (!existsSync(path.join(uiDir, 'bin', 'server'))) {
    await run(go, ['install', `${UI_MODULE}/cmd/server@${TEMPORAL_UI_VERSION}`], { ...env, GOBIN: path.join(uiDir, 'bin') }, log);
  }
  // The schemas and the UI's configuration come with the modules' source, in Go's module cache:
  // copied beside the binaries.
  const modCache = execFileSync(go, ['env', 'GOMODCACHE'], { encoding: 'utf8' }).trim();
  await cp(path.join(modCache, `${MODULE}@${TEMPORAL_SERVER_VERSION}`, 'schema', 'postgresql', 'v12'), path.join(versionDir, 'schema', 'postgresql', 'v12'), { recursive: true });
  await cp(path.join(modCache, `${UI_MODULE}@${TEMPORAL_UI_VERSION}`, 'config'), path.join(uiDir, 'config'), { recursive: true });
  const built = cachedClusterBinaries(cacheDir);
  if (!built) throw new Error(`the build left something out in ${versionDir}`);
  return built;
}
