/**
 * The Excel API requirement sets the pane declares in manifest.xml, in one place: the manifest
 * check in `npm run validate` and `npm test` holds the manifest to it.
 */
export const PANE_API_SETS = { ExcelApi: '1.9' } as const;
