/**
 * China's official working days, 调休 included, from the chinese-days package (the State
 * Council's notice each year; `npm update chinese-days` in December brings the next year's).
 * A year it does not know yet counts Monday to Friday.
 */
import chineseDays from 'chinese-days';
import type { WorkCalendar } from '../../core/alerts.ts';

export const CHINA_CALENDAR: WorkCalendar = { isWorkday: (date) => chineseDays.isWorkday(date) };
