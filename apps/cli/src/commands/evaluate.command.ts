import { Logger } from '@nestjs/common';
import { MarketDataError } from '@crypto/candles';
import type { HarSource } from '@crypto/model';
import { type Command, Option } from 'commander';
import { CliError, type CliIo, readCandles, stderrLogger, withHint } from '../cli-io';
import { formatEvaluationTable, isoDay } from './evaluation-table';

// @crypto/model's HAR_SOURCES, spelled out so that parsing the options loads no TF.js
const HAR_CHOICES = ['stored', 'refit'] as const satisfies readonly HarSource[];

interface EvaluateOptions {
  input: string;
  modelVersion?: string;
  json?: boolean;
  har: HarSource;
}

/**
 * `evaluate` (SPEC §8): scores a registered model (default: the champion) and the baselines on the windows
 * of a candle file it was not trained on — targets after the start of its own test split — with
 * `evaluateOnWindow`. HAR-RV takes the coefficients fitted at training (`--har stored`, so the file needs only
 * the inputs' 720 + L − 1 candles of history), or is refitted on the file's candles before the first scored
 * origin (`--har refit`, 1,463 of them at H = 24).
 */
export function registerEvaluateCommand(
  program: Command,
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): void {
  program
    .command('evaluate')
    .description('score a registered model (default: the champion) and the baselines on a candle file')
    .requiredOption('--input <file>', 'candle CSV: ts,open,high,low,close,volume (ts in epoch ms)')
    .option('--model-version <v>', 'registered version number instead of the champion')
    .addOption(
      new Option(
        '--har <source>',
        'HAR-RV coefficients: stored (fitted on the training split, saved with the model) or refit (on the file before the first scored origin)',
      )
        .choices(HAR_CHOICES)
        .default('stored'),
    )
    .option('--json', 'print {model_version, har, n, model, baselines} as one JSON object')
    .action(async (options: EvaluateOptions) => {
      Logger.overrideLogger(stderrLogger(io));
      const candles = await readCandles(options.input);
      if (candles.length === 0) throw new CliError(`${options.input} holds no candles`);
      const [{ loadEnv }, model, registry, training] = await Promise.all([
        import('@crypto/config'),
        import('@crypto/model'),
        import('@crypto/registry'),
        import('@crypto/training'),
      ]);
      const settings = loadEnv(training.TrainingEnv, env);
      await model.initBackend(settings.MODEL_BACKEND);
      const loader = new registry.ChampionModelLoader(
        new registry.MlflowClient(settings.MLFLOW_TRACKING_URI),
        settings.MODEL_NAME,
      );
      let loaded: Awaited<ReturnType<typeof loader.load>>;
      try {
        loaded = await loader.load(
          options.modelVersion ? { version: options.modelVersion } : { alias: registry.ModelAlias.Champion },
        );
      } catch (error) {
        throw withHint(error);
      }
      try {
        // the model never saw targets from its test split on: score from there (or the file's start)
        const unseenFrom = loaded.info.test_window?.from_ts ?? loaded.model.preprocessing.data_range.to_ts;
        const window = { from_ts: Math.max(candles[0]!.ts, unseenFrom), to_ts: candles.at(-1)!.ts };
        if (window.from_ts >= window.to_ts) {
          throw new CliError(
            `${options.input} ends ${isoDay(window.to_ts)}, before the data version ${loaded.info.model_version} ` +
              `was not trained on (from ${isoDay(unseenFrom)})`,
          );
        }
        let report: ReturnType<typeof model.evaluateOnWindow>;
        try {
          report = model.evaluateOnWindow(loaded.model, candles, window, { har: options.har });
        } catch (error) {
          const tooShort = error instanceof MarketDataError && error.code === 'INSUFFICIENT_DATA';
          if (tooShort && options.har === 'refit' && loaded.model.preprocessing.har_baseline) {
            throw new CliError(
              `${error.message} (--har stored needs no such history: it scores HAR-RV with the coefficients fitted at training)`,
              { cause: error },
            );
          }
          throw error;
        }
        const result = {
          model_version: loaded.info.model_version,
          // 'refit' also when the version was saved before its HAR-RV coefficients were (logged as a warning)
          har: report.har_source ?? options.har,
          // forecast origins scored: the file's first candles are only their history
          n: report.test_window.n,
          model: report.model,
          baselines: report.baselines,
        };
        if (options.json) {
          io.out(`${JSON.stringify(result)}\n`);
          return;
        }
        io.out(
          `${loaded.info.model_name} version ${result.model_version} on ${options.input}: ` +
            `${result.n} forecasts, origins ${isoDay(report.test_window.from_ts)} → ${isoDay(report.test_window.to_ts)} UTC, ` +
            `HAR-RV ${result.har === 'stored' ? 'with the coefficients fitted at training' : 'refitted on the file'}\n` +
            formatEvaluationTable(report, `v${result.model_version}`),
        );
      } finally {
        loaded.model.dispose();
      }
    });
}
