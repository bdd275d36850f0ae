import { writeFile } from 'node:fs/promises';
import { computeFeatureColumns, formatFeatureCsv } from '@crypto/features';
import type { Command } from 'commander';
import { CliError, type CliIo, readCandles, systemMessage } from '../cli-io';

/** `features --input F.csv --output G.csv`: the SPEC §5 feature table of a candle file (SPEC §8). */
export function registerFeaturesCommand(program: Command, io: CliIo): void {
  program
    .command('features')
    .description('write the SPEC §5 feature table of a candle CSV file (empty cell where undefined)')
    .requiredOption('--input <file>', 'candle CSV: ts,open,high,low,close,volume (ts in epoch ms)')
    .requiredOption('--output <file>', 'feature CSV to write, or - for stdout')
    .action(async ({ input, output }: { input: string; output: string }) => {
      const table = formatFeatureCsv(computeFeatureColumns(await readCandles(input)));
      if (output === '-') return io.out(table);
      await writeFile(output, table).catch((error: unknown) => {
        throw new CliError(`cannot write ${output}: ${systemMessage(error)}`, { cause: error });
      });
    });
}
