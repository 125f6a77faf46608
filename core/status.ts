/** The follow-up status vocabulary, and how far along each one is. */

export const STATUSES = ['未启动', '正在推进', '持续推进', '长期坚持', '已完成', '已销号'] as const;
export type Status = (typeof STATUSES)[number];

export const STATUS_EN: Record<Status, string> = {
  未启动: 'not started',
  正在推进: 'in progress',
  持续推进: 'ongoing',
  长期坚持: 'ongoing (permanent)',
  已完成: 'done',
  已销号: 'closed off',
};

export function isStatus(text: string): text is Status {
  return (STATUSES as readonly string[]).includes(text);
}

/** Done, or closed off by the office. */
export function isFinished(status: string): boolean {
  return status === '已完成' || status === '已销号';
}

export function isOngoingStatus(status: string): boolean {
  return status === '持续推进' || status === '长期坚持';
}

/**
 * How advanced a status is; the least advanced of several units' statuses stands for the task.
 * Ongoing statuses rank with "in progress": they are under way and never finish.
 */
export function statusRank(status: string): number {
  switch (status) {
    case '未启动':
      return 0;
    case '正在推进':
    case '持续推进':
    case '长期坚持':
      return 1;
    case '已完成':
      return 2;
    case '已销号':
      return 3;
    default:
      return -1;
  }
}
