/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // One Temporal dev server and one PostgreSQL for the whole run (test/support/global-setup.ts);
  // files run one at a time so their timings do not disturb each other on two cores.
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  maxWorkers: 1,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  testTimeout: 120_000,
  transform: { '^.+\\.ts$': 'ts-jest' },
};
