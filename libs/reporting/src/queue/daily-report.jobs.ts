import { Logger } from '@nestjs/common';
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type IORedis from 'ioredis';
import type { MarketKey } from '@crypto/candles';
import type { DailyReportService } from '../daily-report.service';
import { parseReportDay, previousReportDay } from '../report-day';
import { ReportingError } from '../reporting.error';

/** The report queue and its job (STYLE §7: names in one typed map, a payload per name). */
export const ReportQueueName = 'reports';
export const ReportJob = { Daily: 'daily-report' } as const;
export type ReportJobName = (typeof ReportJob)[keyof typeof ReportJob];

export interface ReportJobPayload {
  [ReportJob.Daily]: {
    market: MarketKey;
    /** `YYYY-MM-DD`; absent: the UTC day before the job runs (the repeatable job's case) */
    date?: string;
  };
}

export interface DailyReportJobResult {
  date: string;
  markdown_key: string;
  charts: string[];
}

const SCHEDULER_ID = 'daily-report';

/** The reports queue (BullMQ on Redis), under `prefix` as the training queue is. */
export const createReportQueue = (
  connection: IORedis,
  prefix?: string,
): Queue<ReportJobPayload[typeof ReportJob.Daily]> => new Queue(ReportQueueName, { connection, prefix });

/**
 * Schedules the daily report of `market` (a repeatable job from a cron pattern, UTC), replacing any earlier
 * schedule; an empty pattern removes it.
 */
export async function scheduleDailyReport(queue: Queue, cron: string, market: MarketKey): Promise<void> {
  if (cron.trim() === '') {
    await queue.removeJobScheduler(SCHEDULER_ID);
    return;
  }
  const data: ReportJobPayload[typeof ReportJob.Daily] = { market };
  await queue.upsertJobScheduler(
    SCHEDULER_ID,
    { pattern: cron, tz: 'UTC' },
    {
      name: ReportJob.Daily,
      data,
      opts: {
        attempts: 3,
        backoff: { type: 'exponential', delay: 60_000 },
        removeOnComplete: 30,
        removeOnFail: 30,
      },
    },
  );
}

type Handler = (job: Job) => Promise<unknown>;

/**
 * The worker of the reports queue: makes the day's report and stores it in MinIO. A bad date fails the job
 * for good; anything else (a service away) is retried as the job says.
 */
export function createDailyReportWorker(
  service: Pick<DailyReportService, 'create' | 'store'>,
  connection: IORedis,
  options: { prefix?: string; now?: () => number } = {},
): Worker {
  const logger = new Logger('DailyReportWorker');
  const now = options.now ?? Date.now;
  const handlers: Record<ReportJobName, Handler> = {
    [ReportJob.Daily]: async (job): Promise<DailyReportJobResult> => {
      const { market, date } = job.data as ReportJobPayload[typeof ReportJob.Daily];
      try {
        const day = date === undefined ? previousReportDay(now()) : parseReportDay(date);
        const stored = await service.store(await service.create(market, day));
        return { date: day.date, markdown_key: stored.markdown_key, charts: stored.charts.map((c) => c.key) };
      } catch (error) {
        if (error instanceof ReportingError) throw new UnrecoverableError(error.message);
        throw error;
      }
    },
  };
  const worker = new Worker(
    ReportQueueName,
    async (job) => {
      const handler = handlers[job.name as ReportJobName];
      if (!handler) throw new UnrecoverableError(`no handler for job ${job.name}`);
      return handler(job);
    },
    { connection, prefix: options.prefix, concurrency: 1 },
  );
  worker.on('error', (error) => logger.error(`Report worker: ${error.message}`));
  worker.on('failed', (job, error) => logger.warn(`${job?.name} ${job?.id} failed: ${error.message}`));
  worker.on('completed', (job) => logger.log(`${job.name} ${job.id} completed`));
  return worker;
}
