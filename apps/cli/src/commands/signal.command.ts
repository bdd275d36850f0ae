import { explainSignal } from '@crypto/signals';
import type { Command } from 'commander';
import { type CliIo, readCandles } from '../cli-io';

/** `signal --input F.csv [--explain]`: the SPEC §5 heuristic signal of the file's last candle, as JSON. */
export function registerSignalCommand(program: Command, io: CliIo): void {
  program
    .command('signal')
    .description('print the heuristic signal of the last candle of a candle CSV file as JSON')
    .requiredOption('--input <file>', 'candle CSV: ts,open,high,low,close,volume (ts in epoch ms)')
    .option('--explain', 'add features_tail: the last 5 candles with ret, vol24, sma12 and sma48')
    .action(async ({ input, explain }: { input: string; explain?: boolean }) => {
      const { features_tail, ...signal } = explainSignal(await readCandles(input));
      io.out(`${JSON.stringify(explain ? { ...signal, features_tail } : signal)}\n`);
    });
}
