import { Logger } from '@nestjs/common';
import { Option, type Command } from 'commander';
import { CliError, type CliIo, stderrLogger, withHint } from '../cli-io';

interface RollbackOptions {
  version?: string;
  reason?: string;
  json?: boolean;
}

/**
 * `rollback` (SPEC §8, as `POST /v1/ml/model/rollback`): the champion alias back to the previous champion
 * (or `--version`), the decision and reason recorded on the run and in `training_runs`, and
 * `champion_rolled_back` on `model-events`, which every serving app follows. Environment: MODEL_NAME,
 * MLFLOW_TRACKING_URI, DATABASE_URL, KAFKA_BROKERS, REDIS_URL.
 */
export function registerRollbackCommand(
  program: Command,
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): void {
  program
    .command('rollback')
    .description('put the previous champion (or --version) back; every serving app follows')
    .addOption(
      new Option(
        '--version <v>',
        'model version to make champion again (default: the previous champion)',
      ).argParser((value: string) => {
        if (!/^[1-9]\d*$/.test(value))
          throw new CliError(`--version "${value}" is not a model version number`);
        return value;
      }),
    )
    .option('--reason <text>', 'why, recorded with the decision')
    .option('--json', 'print {success, message, model_version, previous_version} as one JSON object')
    .action(async (options: RollbackOptions) => {
      Logger.overrideLogger(stderrLogger(io));
      const [{ loadEnv }, training] = await Promise.all([
        import('@crypto/config'),
        import('@crypto/training'),
      ]);
      const runtime = training.openChampionRollback(loadEnv(training.TrainingEnv, env));
      try {
        const outcome = await runtime.rollback.rollback({ version: options.version, reason: options.reason });
        io.out(options.json ? `${JSON.stringify(outcome)}\n` : `${outcome.message}\n`);
      } catch (error) {
        throw withHint(error);
      } finally {
        await runtime.close();
      }
    });
}
