import type { Config } from 'jest';
import base from './jest.config';

/**
 * The cluster phase (`npm run test:cluster`, issue 17): one production-shaped Temporal (PostgreSQL,
 * four service processes: test/cluster/global-setup.ts) instead of the dev server. Its own failover
 * tests, and dev-server suites that must answer the same here: the exclusion race, the entities,
 * the search attributes ops filter on and the API's list filters.
 */
const config: Config = {
  ...base,
  testMatch: [
    '<rootDir>/test/cluster/**/*.test.ts',
    '<rootDir>/test/reliability/entity-leases-race.test.ts',
    '<rootDir>/test/workflows/entities.test.ts',
    '<rootDir>/test/workflows/escalated-attribute.test.ts',
    '<rootDir>/test/api/port-in.test.ts',
  ],
  testPathIgnorePatterns: ['/node_modules/'],
  globalSetup: '<rootDir>/test/cluster/global-setup.ts',
  globalTeardown: '<rootDir>/test/cluster/global-teardown.ts',
  // One file at a time: the failover test restarts services and PostgreSQL under everyone.
  maxWorkers: 1,
};

export default config;
