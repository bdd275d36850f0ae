import { Logger } from '@nestjs/common';
import { Option, type Command } from 'commander';
import { CliError, type CliIo, stderrLogger, withHint } from '../cli-io';

interface IngestOptions {
  symbol: string;
  exchange: string;
  timeframe: string;
  since?: string;
  limit?: number;
  fromCsv?: string;
  acceptQualityFail?: boolean;
  json?: boolean;
}

type IngestResult = import('@crypto/market-data').IngestResult;

const positiveInteger = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`--limit "${value}" is not a whole number ≥ 1`);
  return n;
};

const isoTime = (value: string): number => {
  // a date-time without a zone is read as UTC (JavaScript would read it as local time)
  const ts = Date.parse(/T[\d:.]+$/.test(value) ? `${value}Z` : value);
  if (!/^\d{4}-\d\d-\d\d/.test(value) || Number.isNaN(ts)) {
    throw new CliError(
      `--since "${value}" is not an ISO-8601 time such as 2025-01-01 or 2025-01-01T12:00:00Z`,
    );
  }
  return ts;
};

const iso = (ts: number): string => new Date(ts).toISOString();

function summary(result: IngestResult): string {
  const { market, quality } = result;
  const verdict = quality.pass ? 'pass' : `FAIL (${quality.failed.join(', ')})`;
  const where = quality.stored
    ? `s3://${quality.stored.bucket}/${quality.stored.key}`
    : `not stored: ${quality.error}`;
  return [
    `${market.symbol} ${market.timeframe} on ${market.exchange}, from ${result.source}`,
    `  fetched ${result.fetched} candles (${result.final} closed, ${result.provisional} still open)` +
      (result.range ? `, ${iso(result.range.from_ts)} → ${iso(result.range.to_ts)}` : ''),
    result.refused
      ? '  refused: nothing stored (quality FAIL; --accept-quality-fail stores the sound candles)'
      : `  new: ${result.inserted}, already present: ${result.unchanged}, updated: ${result.updated}` +
        (result.rejected ? `, left out as impossible: ${result.rejected}` : ''),
    `  quality: ${verdict}; gaps ${quality.report.checks.gaps.count} (${quality.report.checks.gaps.missing} missing), ` +
      `duplicates ${quality.report.checks.duplicates.count}, outlier returns ${quality.report.checks.outlier_returns.count}`,
    `  report: ${where}`,
    '',
  ].join('\n');
}

/**
 * `ingest` (SPEC §8): fetch candles from an exchange — or, with `--from-csv`, load a recorded file — into
 * PostgreSQL, idempotently, and store the data-quality report in MinIO. Without `--since` / `--limit` it
 * continues after the last closed candle stored. Environment: DATABASE_URL, MINIO_*, and the market-data
 * settings (MARKET_DATA_MODE=offline for the emulator, EXCHANGE_BASE_URL, …). Candles no market can print
 * (OHLC inconsistent, price ≤ 0, volume < 0) are never stored. A CSV whose quality verdict is FAIL is refused
 * — only its report is stored — unless `--accept-quality-fail`. Exit code 1 when nothing could be stored,
 * when the load was refused, or when the candles were stored but the report was not.
 */
export function registerIngestCommand(
  program: Command,
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): void {
  program
    .command('ingest')
    .description('fetch and store candles (or load a recorded CSV) and store their data-quality report')
    .option('--symbol <pair>', 'BTCUSDT, btc/usdt or BTC/USDT', 'BTCUSDT')
    .option('--exchange <id>', 'ccxt exchange id', 'binance')
    .option('--timeframe <tf>', 'ccxt timeframe: 1m, 5m, 1h, 1d, …', '1h')
    .addOption(
      new Option('--since <iso>', 'backfill from this time (ISO-8601, UTC unless a zone is given)').conflicts(
        'limit',
      ),
    )
    .addOption(new Option('--limit <n>', 'the latest n candles').argParser(positiveInteger))
    .addOption(
      new Option('--from-csv <file>', 'load this recorded candle CSV instead of fetching').conflicts([
        'since',
        'limit',
      ]),
    )
    .option(
      '--accept-quality-fail',
      'with --from-csv: load a file whose quality verdict is FAIL (without it nothing is stored); ' +
        'candles with OHLC inconsistent, a price <= 0 or a volume < 0 are still left out',
    )
    .option('--json', 'print the result as one JSON object (the quality report by its key)')
    .action(async (options: IngestOptions) => {
      const since = options.since === undefined ? undefined : isoTime(options.since);
      if (options.acceptQualityFail && !options.fromCsv)
        throw new CliError('--accept-quality-fail applies to --from-csv only');
      Logger.overrideLogger(stderrLogger(io));
      // loaded here, not at start-up: ccxt alone takes ~0.6 s to load, which the other commands need not pay
      const [{ loadEnv, ServicesEnv }, marketData, storage] = await Promise.all([
        import('@crypto/config'),
        import('@crypto/market-data'),
        import('@crypto/storage'),
      ]);
      const services = loadEnv(ServicesEnv, env);
      const settings = loadEnv(marketData.MarketDataEnv, env);
      const market = { exchange: options.exchange, symbol: options.symbol, timeframe: options.timeframe };
      const pool = storage.createPgPool(services.DATABASE_URL, { max: 2 });
      let access: Awaited<ReturnType<typeof marketData.connectExchanges>> | undefined;
      try {
        access = options.fromCsv ? undefined : await marketData.connectExchanges(settings);
        const objects = storage.ObjectStorage.fromEnv(services);
        const exchanges = access?.exchanges ?? {
          get: () => {
            throw new CliError('a CSV load reads no exchange');
          },
        };
        const service = new marketData.CandleIngestionService(
          exchanges,
          new storage.CandleRepository(pool),
          new marketData.QualityReportRepository(objects),
        );
        const result = options.fromCsv
          ? await service.ingestCsv(options.fromCsv, market, {
              acceptQualityFail: options.acceptQualityFail,
            })
          : await service.ingestFromExchange({ ...market, since, limit: options.limit });
        const { report, ...quality } = result.quality;
        io.out(
          options.json
            ? `${JSON.stringify({ ...result, quality: { ...quality, generated_at: report.generated_at } })}\n`
            : summary(result),
        );
        if (result.refused) {
          throw new CliError(
            `${result.source}: quality FAIL (${quality.failed.join(', ')}), nothing stored; ` +
              `see the report, or load it anyway with --accept-quality-fail`,
          );
        }
        if (quality.error)
          throw new CliError(`candles stored, but the quality report was not: ${quality.error}`);
      } catch (error) {
        throw withHint(error);
      } finally {
        await Promise.all([pool.end(), access?.close()]);
      }
    });
}
