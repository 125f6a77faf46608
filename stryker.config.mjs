// npm run mutate: mutation testing of the rules the ledger stands on (three-way merge, who may
// write what, identity, the round and deadlines, copy versions) and of what guards a file (the
// zip guard, the evidence formats). Not part of npm test: it takes minutes.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts' },
  mutate: [
    'core/three-way.ts',
    'core/policy.ts',
    'core/merge.ts',
    'core/identity.ts',
    'core/round.ts',
    'core/deadline.ts',
    'core/copy-version.ts',
    'server/formats/workbook/zip.ts',
    'server/formats/workbook/guard.ts',
    'server/formats/workbook/format.ts',
  ],
  coverageAnalysis: 'perTest',
  thresholds: { high: 90, low: 85, break: 85 },
  concurrency: 2,
  reporters: ['clear-text', 'progress', 'html'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
