/**
 * The service's clock: the time of every record it keeps (submissions, changes, rounds). Tests
 * set `clock.now` to play a month of reporting in seconds.
 */
export const clock = { now: (): Date => new Date() };

export const now = () => clock.now().toISOString();
