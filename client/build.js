// Builds @herald/client into dist/: one bundle for `import` (index.mjs) and one for `require`
// (index.cjs), made by esbuild from src/, openapi-fetch left to the installer; and the types
// (index.d.ts and its neighbours) by tsc. Run by Herald's postinstall, so `npm ci` builds it.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

async function buildClient() {
  const esbuild = require('esbuild');
  const dist = path.join(__dirname, 'dist');
  fs.rmSync(dist, { recursive: true, force: true });
  const common = { entryPoints: [path.join(__dirname, 'src', 'index.ts')], bundle: true, platform: 'node', target: 'node20', external: ['openapi-fetch'], logLevel: 'warning' };
  await esbuild.build({ ...common, format: 'esm', outfile: path.join(dist, 'index.mjs') });
  await esbuild.build({ ...common, format: 'cjs', outfile: path.join(dist, 'index.cjs') });
  const tsc = require.resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', path.join(__dirname, 'tsconfig.json')], { stdio: 'inherit' });
}

module.exports = { buildClient };

if (require.main === module) {
  buildClient().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
