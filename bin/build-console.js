#!/usr/bin/env node
// Builds the console (console/: Preact components, uPlot charts) into .console-build/ with esbuild:
// one script and one stylesheet, no inline code, so the page keeps a CSP of 'self' only. Run by
// `npm ci` (bin/postinstall.js), and again at Herald's start when a source file is newer than the
// build (api/routes/console.ts serves the result). No build output is committed.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const source = path.join(root, 'console');
const out = path.join(root, '.console-build');

function newestSourceMtime(dir = source) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const at = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceMtime(at) : fs.statSync(at).mtimeMs);
  }
  return newest;
}

/** True when there is no build, or a source file (or this script) changed after it. */
function consoleIsStale() {
  const stamp = path.join(out, 'index.html');
  if (!fs.existsSync(stamp)) return true;
  // An image that ships the build without its sources (Dockerfile) has nothing newer.
  if (!fs.existsSync(source)) return false;
  return Math.max(newestSourceMtime(), fs.statSync(__filename).mtimeMs) > fs.statSync(stamp).mtimeMs;
}

async function buildConsole() {
  const esbuild = require('esbuild');
  fs.mkdirSync(out, { recursive: true });
  const result = await esbuild.build({
    entryPoints: { console: path.join(source, 'src', 'main.tsx') },
    bundle: true,
    minify: true,
    sourcemap: false,
    format: 'esm',
    target: ['es2022'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    outdir: out,
    write: false,
    logLevel: 'silent',
  });
  const files = {};
  for (const f of result.outputFiles) files[path.basename(f.path)] = f.contents;
  const version = crypto.createHash('sha256').update(files['console.js']).update(files['console.css'] ?? '').digest('hex').slice(0, 12);
  // Each file written aside and renamed into place: another process starting at the same moment
  // reads the old file or the new one, never half of one.
  const put = (name, contents) => {
    const aside = path.join(out, `.${name}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`);
    fs.writeFileSync(aside, contents);
    fs.renameSync(aside, path.join(out, name));
  };
  put('console.js', files['console.js']);
  put('console.css', files['console.css'] ?? '');
  // index.html last: its time is the build's (consoleIsStale).
  put('index.html', fs.readFileSync(path.join(source, 'index.html'), 'utf8').replaceAll('__VERSION__', version));
  return { dir: out, version };
}

module.exports = { buildConsole, consoleIsStale, consoleBuildDir: out };

if (require.main === module) {
  buildConsole().then(
    ({ dir, version }) => console.log(`herald: console built into ${path.relative(root, dir)} (${version})`),
    (err) => {
      console.error(`herald: the console did not build: ${err.message}`);
      process.exitCode = 1;
    },
  );
}
