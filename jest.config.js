// Five projects: `unit` runs pure code with no services; `integration` runs against the real
// Temporal dev server, PostgreSQL and Redis that test/setup/global-setup.ts brings up; `browser`
// drives the built web console in headless Chromium against the same real system; `faults`
// injects failures into real processes; `cluster` runs on a Temporal cluster on PostgreSQL.
const swc = JSON.parse(require('fs').readFileSync(__dirname + '/.swcrc.jest.json', 'utf8'));
const transform = { '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false }] };

module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      testMatch: [
        '<rootDir>/{libs,apps,activities,workflows}/**/*.spec.ts',
        // Checks of the project's own tooling: lint rules, the README's architecture block.
        '<rootDir>/test/unit/**/*.spec.ts',
      ],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      testMatch: [
        '<rootDir>/test/integration/**/*.int-spec.ts',
        // Fast workflow tests: one workflow, stub activities, the run's dev server (seconds).
        '<rootDir>/test/workflows/**/*.workflow-spec.ts',
      ],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
      setupFiles: ['<rootDir>/test/setup/load-env.ts'],
      // testTimeout is not a project option; a setup file raises it for real-service tests.
      setupFilesAfterEnv: ['<rootDir>/test/setup/timeouts.ts'],
    },
    {
      // Faults injected into real processes: a worker killed mid-payment, the Temporal server,
      // PostgreSQL and Redis restarted (the last two are clusters the tests start themselves).
      displayName: 'faults',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
      setupFiles: ['<rootDir>/test/setup/load-env.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/setup/timeouts.ts'],
    },
    {
      // The same code on a Temporal cluster (frontend, history, matching and worker services as
      // separate processes on PostgreSQL), with two API and two worker processes.
      displayName: 'cluster',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/cluster/**/*.cluster-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/setup/timeouts.ts'],
    },
    {
      displayName: 'browser',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
      setupFiles: ['<rootDir>/test/setup/load-env.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/setup/timeouts.ts'],
    },
  ],
};
