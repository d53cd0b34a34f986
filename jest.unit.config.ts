import type { Config } from 'jest';

// The server-free unit tier (`npm run test:unit`): Node only, no global setup, so no Temporal dev
// server, time-skipping server, workflow bundle, Go, Java or Chromium. HTTP stays on loopback.
// `npm run test:unit` loads this file with ts-node in transpile-only mode (TS_NODE_* in package.json):
// type-checking it on load costs ~7 s of a 30 s budget, and `npm run typecheck` checks it anyway.
const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/unit'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  modulePathIgnorePatterns: ['<rootDir>/lib'],
  testTimeout: 10_000,
  maxWorkers: 2,
};

export default config;
