// The client's generated types are in step with the routes: generated again from the OpenAPI
// document the API serves, they are the committed client/src/schema.ts. (In a process of its
// own: openapi-typescript loads ES modules that jest's CommonJS runtime cannot.)
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const root = path.join(__dirname, '..', '..');

it('client/src/schema.ts is what openapi-typescript makes of /openapi.json now (else: npm run generate:client)', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'generate-client-types.ts'), '--stdout'], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
  expect(stdout.length).toBeGreaterThan(10_000);
  expect(stdout).toBe(await readFile(path.join(root, 'client', 'src', 'schema.ts'), 'utf8'));
}, 60_000);
