/**
 * China's official working days, 调休 included, from the chinese-days package (the State
 * Council's notice each year; `npm update chinese-days` in December brings the next year's).
 * A year it does not know yet counts Monday to Friday.
 */
import chineseDays from 'chinese-days';
import type { WorkCalendar } from '../../core/alerts.ts';
import { memo } from '../../core/memo.ts';

// Each day asked once per process (the package parses the date each time): a year's overdue
// tasks count back over the same few thousand days.
export const CHINA_CALENDAR: WorkCalendar = { isWorkday: memo((date) => chineseDays.isWorkday(date)) };
