/**
 * The Excel API requirement sets, in one place. The manifest declares PANE_API_SETS: every call
 * the pane makes must be in them, except the features listed in OPTIONAL, which the pane uses
 * only where the host says it has them (Office.context.requirements) and does without elsewhere.
 * `test/unit/api-sets.test.ts` reads every Excel member the add-in calls, with its set from
 * @types/office-js, and holds the code to this.
 */
export const PANE_API_SETS = { ExcelApi: '1.9' } as const;

export interface OptionalFeature {
  set: 'ExcelApi';
  version: string;
  /** The Excel classes and members that belong to it: `Class.member`, or `Class.*`. */
  members: string[];
  /** What the pane does without it. */
  without: string;
}

export const OPTIONAL: Record<'notes', OptionalFeature> = {
  notes: {
    set: 'ExcelApi',
    version: '1.18',
    members: ['Worksheet.notes', 'NoteCollection.*', 'Note.*'],
    without: '不写批注：单元格仍按颜色标出，原因只列在任务窗格中。',
  },
};

/** What this host can do beyond the declared sets; the pane fills it in when it starts. */
export const features = { notes: true };

/** Asks the host (Office.context.requirements) which optional features it has. */
export function detectFeatures(requirements: { isSetSupported(name: string, version?: string): boolean }): void {
  features.notes = requirements.isSetSupported(OPTIONAL.notes.set, OPTIONAL.notes.version);
}

/** Whether the host runs the pane at all: the declared sets. */
export function paneSupported(requirements: { isSetSupported(name: string, version?: string): boolean }): boolean {
  return Object.entries(PANE_API_SETS).every(([set, version]) => requirements.isSetSupported(set, version));
}
