import { Logger } from '@nestjs/common';
import { Option, type Command } from 'commander';
import { CliError, type CliIo, stderrLogger, withHint } from '../cli-io';
import { formatEvaluationTable, isoDay } from './evaluation-table';

interface TrainOptions {
  input?: string;
  symbol: string;
  exchange: string;
  timeframe: string;
  epochs?: number;
  limit?: number;
  register: boolean;
  json?: boolean;
}

const wholeNumber = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`--${name} "${value}" is not a whole number ≥ 1`);
  return n;
};

/**
 * `train` (SPEC §8): one training run in this process, through the same pipeline steps as the trainer's
 * queue (extract → validate → dataset → train → evaluate → register → promote), progress on stderr, then
 * the evaluation table and the MLflow run id on stdout. Candles from `--input` or from the database
 * (`pnpm cli ingest` first). Environment: DATABASE_URL, MINIO_*, MLFLOW_*, KAFKA_BROKERS, REDIS_URL, MODEL_NAME.
 */
export function registerTrainCommand(
  program: Command,
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): void {
  program
    .command('train')
    .description('train the BiLSTM once, log the run to MLflow, register it and apply the promotion gate')
    .addOption(new Option('--input <file>', 'candle CSV to train on instead of the stored candles'))
    .option('--symbol <pair>', 'market of the stored candles (or the name of --input)', 'BTCUSDT')
    .option('--exchange <id>', 'ccxt exchange id', 'binance')
    .option('--timeframe <tf>', 'ccxt timeframe', '1h')
    .addOption(
      new Option('--epochs <n>', 'training epochs (default: the model configuration)').argParser(
        wholeNumber('epochs'),
      ),
    )
    .addOption(new Option('--limit <n>', 'only the latest n candles').argParser(wholeNumber('limit')))
    .option('--no-register', 'log the run to MLflow but register and promote nothing')
    .option('--json', 'print the final state (run, evaluation, decision) as one JSON object')
    .action(async (options: TrainOptions) => {
      Logger.overrideLogger(stderrLogger(io));
      const [{ loadEnv }, training] = await Promise.all([
        import('@crypto/config'),
        import('@crypto/training'),
      ]);
      // the CLI trains on what is stored (or the file): `pnpm cli ingest` fetches from the exchange
      const settings = loadEnv(training.TrainingEnv, { ...env, TRAINING_REFRESH_CANDLES: 'false' });
      let runtime: Awaited<ReturnType<typeof training.connectTrainingPipeline>> | undefined;
      try {
        runtime = await training.connectTrainingPipeline(settings);
        let lastStep = '';
        const state = await runtime.pipeline.run(
          {
            symbol: options.symbol,
            exchange: options.exchange,
            timeframe: options.timeframe,
            input: options.input,
            epochs: options.epochs,
            limit: options.limit,
            register: options.register,
            trigger: 'cli',
          },
          (step, fraction, message) => {
            if (step !== lastStep) io.err(`\n[${step}]\n`);
            lastStep = step;
            io.err(`  ${String(Math.round(fraction * 100)).padStart(3)}%  ${message}\n`);
          },
        );
        const { run, evaluation, decision } = state;
        if (options.json) {
          io.out(
            `${JSON.stringify({ flow_id: state.flow_id, run, evaluation, champion: state.champion, decision })}\n`,
          );
          return;
        }
        const w = evaluation!.test_window;
        io.out(
          [
            '',
            `test window ${isoDay(w.from_ts)} → ${isoDay(w.to_ts)} UTC, ${w.n} forecasts (natural scale; lower QLIKE is better)`,
            formatEvaluationTable(evaluation!),
            state.champion?.metrics
              ? `champion v${state.champion.version} on the same window: QLIKE ${state.champion.metrics.qlike.toExponential(4)}`
              : '',
            decision?.version
              ? `${settings.MODEL_NAME} version ${decision.version}: ${decision.alias} (${decision.reason})`
              : 'not registered',
            `MLflow run ${run!.run_id}: ${settings.MLFLOW_TRACKING_URI}/#/experiments/${run!.experiment_id}/runs/${run!.run_id}`,
            '',
          ]
            .filter((line, i, all) => line !== '' || i === 0 || i === all.length - 1)
            .join('\n'),
        );
      } catch (error) {
        throw withHint(error);
      } finally {
        await runtime?.close();
      }
    });
}
