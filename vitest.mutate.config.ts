import { defineConfig } from 'vitest/config';

// The tests Stryker runs against each mutant: the unit tests, which hold the core's rules
// without a service, a browser or LibreOffice, so that each mutant takes milliseconds.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
