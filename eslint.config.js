// Two sets of rules beside Biome (which lints and formats everything):
// - the Office add-in rules (load before read, sync before read, no sync in a loop, …) over the add-in;
// - promises awaited over the service, its tests and the bench: a write nobody awaits is a write
//   that may be lost, or a refusal nobody hears.
import tsParser from '@typescript-eslint/parser';
import tsPlugin from '@typescript-eslint/eslint-plugin';
import officeAddins from 'eslint-plugin-office-addins';

const officeRules = Object.fromEntries(
  Object.keys(officeAddins.rules).map((rule) => [`office-addins/${rule}`, 'error']),
);

export default [
  {
    files: ['addin/**/*.ts'],
    plugins: { 'office-addins': officeAddins },
    languageOptions: { parser: tsParser, sourceType: 'module' },
    rules: officeRules,
  },
  {
    files: ['server/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    plugins: { '@typescript-eslint': tsPlugin },
    languageOptions: { parser: tsParser, parserOptions: { project: './tsconfig.json' } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/await-thenable': 'error',
    },
  },
];
