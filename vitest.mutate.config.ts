import { defineConfig } from 'vitest/config';

// The tests Stryker runs against each mutant: the unit tests, and the in-process service tests
// that hold the merge and the round's rules (no browsers, no LibreOffice, no child processes).
export default defineConfig({
  test: {
    include: [
      'test/unit/**/*.test.ts',
      'test/integration/merge-trust.test.ts',
      'test/integration/round-rules.test.ts',
      'test/integration/closing.test.ts',
      'test/integration/roles-routes.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
