// Lint: correctness rules that matter here. Workflow code must stay deterministic, so under
// workflows/ Node built-ins and Herald's side-effecting layers may not be imported (activities only
// as types); and a promise nobody awaits is an error everywhere.
const tseslint = require('typescript-eslint');
const { builtinModules } = require('node:module');

module.exports = tseslint.config(
  { ignores: ['dist/**', 'client/dist/**', 'node_modules/**', '.tools/**', '.herald/**', 'coverage/**', '.console-build/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: __dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [...builtinModules, ...builtinModules.map((m) => `node:${m}`)].map((name) => ({
            name,
            message: 'workflow code must be deterministic: no Node built-ins (use an activity)',
          })),
          patterns: [
            { group: ['**/db', '**/db/**'], message: 'workflows may not touch the database: use an activity' },
            { group: ['**/activities', '**/activities/**'], allowTypeImports: true, message: 'import activities as types only (proxyActivities)' },
          ],
        },
      ],
    },
  },
  // The floors: nothing imports up. domain/ is pure; db/ sits on it; runtime/
  // (how events start, the metrics) and activities/ on those; api/ and worker/ above; bin/ on top.
  ...[
    ['domain/**/*.ts', ['db', 'runtime', 'activities', 'workflows', 'worker', 'api', 'bin']],
    ['db/**/*.ts', ['runtime', 'activities', 'workflows', 'worker', 'api', 'bin']],
    ['runtime/**/*.ts', ['activities', 'workflows', 'worker', 'api', 'bin']],
    ['activities/**/*.ts', ['workflows', 'worker', 'api', 'bin']],
    ['api/**/*.ts', ['worker', 'bin']],
    ['worker/**/*.ts', ['api', 'bin']],
  ].map(([files, above]) => ({
    files: [files],
    ignores: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        // Relative paths only: a package's own path may end the same way (@opentelemetry/api).
        { patterns: above.map((floor) => ({ group: ['..', '../..', '../../..'].flatMap((up) => [`${up}/${floor}`, `${up}/${floor}/**`]), message: `${files.split('/')[0]}/ may not import from ${floor}/, a floor above it` })) },
      ],
    },
  })),
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
