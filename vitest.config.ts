import { defineConfig } from 'vitest/config';

// Two projects: `unit` (core and pure add-in logic, seconds) and `integration` (processes,
// workers, LibreOffice, Chromium). `npm test` runs both; `npm run test:unit` for a quick loop.
export default defineConfig({
  test: {
    // Two files at once: vitest's default (a core less than the machine has) runs them one by one
    // on 2 cores, though most integration time is spent waiting on LibreOffice, Chromium or a service.
    maxWorkers: 2,
    // Each project says `isolate: false` itself: an inline project does not inherit the root's test options.
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 30_000, isolate: false } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // One PostgreSQL server for the files that hold both engines to the same rules.
          globalSetup: ['test/postgres-setup.ts'],
          testTimeout: 60_000,
          // A worker runs its files one after another in one process, importing the service's
          // modules once (exceljs, zod, 123 of ours) instead of once per file: 70 s of the
          // run's CPU was spent importing. Every file starts its own services, databases and
          // browsers. The service's module state is caches and the
          // county's time zone, which only a process's start sets (LEDGER_TZ): no test file changes it.
          isolate: false,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
