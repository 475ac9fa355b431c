/**
 * The infra tests alone, without the root config's DynamoDB Local global setup (they need no
 * database): `npx vitest run --config test/infra/vitest.config.ts`.
 * `npx vitest run test/infra` (root config) runs the same tests, after starting DynamoDB Local.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/infra/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
