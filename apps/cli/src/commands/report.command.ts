import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import type { Command } from 'commander';
import { CliError, type CliIo, stderrLogger, systemMessage, withHint } from '../cli-io';

interface ReportOptions {
  date?: string;
  output: string;
  symbol?: string;
  exchange?: string;
  timeframe?: string;
  json?: boolean;
}

/**
 * `report` (SPEC §8): the daily report of a market — `report-DATE.md` and its PNG charts in `--output`,
 * also stored in MinIO `reports` (what the gateway's `/v1/reports/latest` serves). Without `--date`, the
 * UTC day of the market's latest stored candle. A source that does not answer (Prometheus, MLflow, …) is an
 * "unavailable" line in the report, not a failure. Exit code 1 when the files were written but could not be
 * stored.
 */
export function registerReportCommand(
  program: Command,
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): void {
  program
    .command('report')
    .description('write the daily report (Markdown and PNG charts) of a day and store it in MinIO')
    .option('--date <YYYY-MM-DD>', 'the UTC day (default: the day of the latest stored candle)')
    .option('--output <dir>', 'folder the report and its charts are written to', '.')
    .option('--symbol <pair>', 'BTCUSDT, btc/usdt or BTC/USDT (default REPORT_SYMBOL, BTC/USDT)')
    .option('--exchange <id>', 'ccxt exchange id (default REPORT_EXCHANGE, binance)')
    .option('--timeframe <tf>', 'ccxt timeframe (default REPORT_TIMEFRAME, 1h)')
    .option('--json', 'print {date, files, stored, unavailable} as one JSON object')
    .action(async (options: ReportOptions) => {
      Logger.overrideLogger(stderrLogger(io));
      // loaded here, not at start-up: the report loads vega, resvg and the registry the other commands need not pay
      const [{ loadEnv }, { normalizeSymbol }, reporting] = await Promise.all([
        import('@crypto/config'),
        import('@crypto/candles'),
        import('@crypto/reporting'),
      ]);
      const parseDay = (date: string) => {
        try {
          return reporting.parseReportDay(date);
        } catch (error) {
          throw new CliError(`--${(error as Error).message}`);
        }
      };
      const fixedDay = options.date === undefined ? undefined : parseDay(options.date);
      const settings = loadEnv(reporting.ReportingEnv, env);
      const market = {
        ...reporting.reportMarket(settings),
        ...(options.symbol && { symbol: normalizeSymbol(options.symbol) }),
        ...(options.exchange && { exchange: options.exchange }),
        ...(options.timeframe && { timeframe: options.timeframe }),
      };
      const runtime = reporting.connectDailyReports(settings);
      try {
        const latest = fixedDay ? undefined : await runtime.service.latestCandleTs(market);
        const day = fixedDay ?? reporting.reportDayOf(latest ?? Date.now());
        const report = await runtime.service.create(market, day);
        const files = await writeReport(options.output, report);
        let stored: { bucket: string; key: string } | undefined;
        let storeError: string | undefined;
        try {
          const manifest = await runtime.service.store(report);
          stored = { bucket: manifest.bucket, key: manifest.markdown_key };
        } catch (error) {
          storeError = error instanceof Error ? error.message : String(error);
        }
        const unavailable = [...report.markdown.matchAll(/^_(.+ unavailable: .+)\._$/gm)].map((m) => m[1]!);
        io.out(
          options.json
            ? `${JSON.stringify({ date: day.date, market, files, stored: stored ?? null, unavailable })}\n`
            : [
                `Daily report of ${market.symbol} ${market.timeframe} on ${market.exchange} for ${day.date}` +
                  (fixedDay
                    ? ''
                    : latest === undefined
                      ? ' (today: no candle stored)'
                      : ' (the latest stored candle)'),
                ...files.map((f) => `  wrote ${f.path}${f.width ? ` (${f.width}×${f.height} px)` : ''}`),
                stored ? `  stored s3://${stored.bucket}/${stored.key}` : `  not stored: ${storeError}`,
                ...unavailable.map((line) => `  ${line}`),
                '',
              ].join('\n'),
        );
        if (storeError)
          throw new CliError(`report written to ${options.output}, but not stored in MinIO: ${storeError}`);
      } catch (error) {
        throw withHint(error);
      } finally {
        await runtime.close();
      }
    });
}

async function writeReport(
  dir: string,
  report: import('@crypto/reporting').RenderedReport,
): Promise<{ path: string; width?: number; height?: number }[]> {
  try {
    await mkdir(dir, { recursive: true });
    const markdown = join(dir, report.file);
    await writeFile(markdown, report.markdown);
    const charts = [];
    for (const chart of report.charts) {
      const path = join(dir, chart.file);
      await writeFile(path, chart.png);
      charts.push({ path, width: chart.width, height: chart.height });
    }
    return [{ path: markdown }, ...charts];
  } catch (error) {
    throw new CliError(`cannot write the report to ${dir}: ${systemMessage(error)}`, { cause: error });
  }
}
