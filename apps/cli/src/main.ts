import { Command, CommanderError } from 'commander';
import { type CliIo, processIo } from './cli-io';
import { registerEvaluateCommand } from './commands/evaluate.command';
import { registerFeaturesCommand } from './commands/features.command';
import { registerIngestCommand } from './commands/ingest.command';
import { registerReportCommand } from './commands/report.command';
import { registerRollbackCommand } from './commands/rollback.command';
import { registerSignalCommand } from './commands/signal.command';
import { registerTrainCommand } from './commands/train.command';

/** `pnpm cli <command>` (SPEC §8). One registration line per command. */
export function buildProgram(io: CliIo = processIo): Command {
  const program = new Command('cli')
    .description('crypto risk platform: features, signals, ingestion and training from the terminal')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  registerFeaturesCommand(program, io);
  registerSignalCommand(program, io);
  registerIngestCommand(program, io);
  registerTrainCommand(program, io);
  registerEvaluateCommand(program, io);
  registerRollbackCommand(program, io);
  registerReportCommand(program, io);
  return program;
}

/** Runs the CLI on the user's arguments and gives the exit code: 0, or 1 after a one-line error on stderr. */
export async function run(args: readonly string[], io: CliIo = processIo): Promise<number> {
  try {
    await buildProgram(io).parseAsync([...args], { from: 'user' });
    return 0;
  } catch (error) {
    // Commander has already printed its own message (unknown option, missing --input, --help).
    if (error instanceof CommanderError) return error.exitCode;
    io.err(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (require.main === module) {
  void run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
