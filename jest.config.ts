import type { Config } from 'jest';

// One real Temporal dev server per Jest run (test/harness/global-setup.ts); time-skipping servers per file.
const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The server-free unit tier has its own config (jest.unit.config.ts); scripts/test.ts runs it first.
  // The cluster phase's own tests need the cluster (jest.cluster.config.ts runs them).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/unit/', '<rootDir>/test/cluster/'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  modulePathIgnorePatterns: ['<rootDir>/lib'],
  globalSetup: '<rootDir>/test/harness/global-setup.ts',
  globalTeardown: '<rootDir>/test/harness/global-teardown.ts',
  testTimeout: 60_000,
  maxWorkers: 2,
  // A test that times out may leave timers or sockets behind; never let that hang CI.
  forceExit: true,
};

export default config;
