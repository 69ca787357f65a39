// Tests run as native ES modules (the @actions toolkit is ESM-only), hence --experimental-vm-modules in `npm test`.
const moduleNameMapper = {
  '^@credex/([a-z0-9-]+)/([a-z0-9-]+)$': '<rootDir>/packages/$1/src/$2.ts',
  '^@credex/([a-z0-9-]+)$': '<rootDir>/packages/$1/src/index.ts',
};
const transform = {
  '^.+\\.ts$': ['ts-jest', { useESM: true }],
};
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper,
  transform,
  testEnvironment: 'node',
  testEnvironmentOptions: { globalsCleanup: 'off' },
};

/** @type {import('jest').Config} */
export default {
  globalSetup: '<rootDir>/test/services/jest-global-setup.js',
  globalTeardown: '<rootDir>/test/services/jest-global-teardown.js',
  reporters: ['default', '<rootDir>/test/summary-line-reporter.cjs'],
  testTimeout: 60_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/packages/*/test/**/*.test.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.test.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
    // The same e2e tests with the bundles run on Node 24, the runtime action.yml declares (the project above runs
    // them on the Node that runs jest).
    {
      ...common,
      displayName: 'e2e-node24',
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
      setupFiles: ['<rootDir>/test/harness/node24.setup.js'],
    },
  ],
};
