import { ReportingError } from './reporting.error';

const DAY_MS = 86_400_000;

/** One UTC calendar day: what a daily report covers. */
export interface ReportDay {
  /** `YYYY-MM-DD` */
  date: string;
  /** 00:00 UTC, epoch ms */
  from: number;
  /** 00:00 UTC of the next day, epoch ms (exclusive) */
  to: number;
}

const dayAt = (from: number): ReportDay => ({
  date: new Date(from).toISOString().slice(0, 10),
  from,
  to: from + DAY_MS,
});

/** The day of `YYYY-MM-DD`; `ReportingError('INVALID_DATE')` naming the value otherwise (2025-02-30 too). */
export function parseReportDay(value: string): ReportDay {
  const from = /^\d{4}-\d\d-\d\d$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : NaN;
  // Date.parse rolls 2025-02-30 over to March: a real date reads back as itself
  if (Number.isNaN(from) || dayAt(from).date !== value)
    throw new ReportingError('INVALID_DATE', `date "${value}" is not a calendar date YYYY-MM-DD`);
  return dayAt(from);
}

/** The UTC day holding `ts` (epoch ms). */
export const reportDayOf = (ts: number): ReportDay => dayAt(Math.floor(ts / DAY_MS) * DAY_MS);

/** The UTC day before the one holding `ts`: what the daily job reports once that day is over. */
export const previousReportDay = (ts: number): ReportDay => reportDayOf(reportDayOf(ts).from - DAY_MS);
