// The Office add-in rules (load before read, sync before read, no sync in a loop, …) over the add-in
// only: Biome lints and formats everything else, and the add-in too.
import tsParser from '@typescript-eslint/parser';
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
];
