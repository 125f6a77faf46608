/**
 * Long work in the pane (reading a large sheet, marking it, writing a pulled one) says how far it
 * is, and stops between round trips when the clerk cancels. The pane sets `onProgress`.
 */
export class Cancelled extends Error {
  override name = 'Cancelled';
  constructor() {
    super('已取消。Cancelled.');
  }
}

export const progress = {
  cancelled: false,
  onProgress: (_text: string) => {},
};

/** Reports `done` of `total`. */
export function report(what: string, done: number, total: number): void {
  if (total > 0) progress.onProgress(`${what} ${Math.min(done, total)} / ${total}`);
}

/** Between two round trips of work that may stop there (reading, writing a new sheet): reports, and stops if the clerk cancelled. */
export function step(what: string, done: number, total: number): void {
  if (progress.cancelled) throw new Cancelled();
  report(what, done, total);
}
