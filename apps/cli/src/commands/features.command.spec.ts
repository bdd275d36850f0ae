import { readFile } from 'node:fs/promises';
import { CandleFactory, formatCandleCsv } from '@crypto/candles';
import { computeFeatureColumns, formatFeatureCsv } from '@crypto/features';
import { BAD_CANDLE_FILES, BTC_FILE, runCli, ScratchDir, SMALL_FILE } from '../testing/cli-harness';
import { IMPOSSIBLE_CANDLE_FILES } from './features-signal.candle-files';

describe('features command', () => {
  const scratch = new ScratchDir();
  beforeAll(() => scratch.create());
  afterAll(() => scratch.remove());

  it('should write the feature table of the recorded BTC file', async () => {
    const output = scratch.file('btc-features.csv');
    const { code, err } = await runCli('features', '--input', BTC_FILE, '--output', output);
    expect([code, err]).toEqual([0, '']);
    const lines = (await readFile(output, 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(43_780);
    expect(lines[0]).toBe(
      'ts,ret,vol24,sma12,sma48,rsi14,bb_upper,bb_lower,momentum_12,momentum_24,log_volume',
    );
    expect(lines[1]).toBe('1602093600000,,,,,,,,,,7.302516713278904');
    expect(lines.at(-1)!.split(',')).toHaveLength(11);
    expect(lines.at(-1)!.split(',')).not.toContain('');
  });

  it('should print the table on stdout when the output is -', async () => {
    const candles = CandleFactory.series({ count: 30 }).randomWalk({ seed: 5 }).build();
    const input = await scratch.write('walk.csv', formatCandleCsv(candles));
    const { code, out } = await runCli('features', '--input', input, '--output', '-');
    expect(code).toBe(0);
    expect(out).toBe(formatFeatureCsv(computeFeatureColumns(candles)));
  });

  it.each([...BAD_CANDLE_FILES, ...IMPOSSIBLE_CANDLE_FILES])(
    'should fail with exit code 1 naming the problem when the input has %s',
    async (_, text, message) => {
      const input = await scratch.write('bad.csv', text);
      const { code, err } = await runCli('features', '--input', input, '--output', scratch.file('out.csv'));
      expect(code).toBe(1);
      expect(err).toMatch(message);
      expect(err).toMatch(/^error: .*bad\.csv/);
      expect(err.trimEnd().split('\n')).toHaveLength(1);
    },
  );

  it.each([
    [
      'the input does not exist',
      ['--input', '/nonexistent/candles.csv', '--output', '-'],
      /cannot read \/nonexistent\/candles\.csv: no such file/,
    ],
    [
      'the output folder does not exist',
      ['--input', SMALL_FILE, '--output', '/nonexistent/out.csv'],
      /cannot write \/nonexistent\/out\.csv: no such file/,
    ],
    ['--output is missing', ['--input', BTC_FILE], /required option '--output <file>' not specified/],
    ['--input is missing', ['--output', '-'], /required option '--input <file>' not specified/],
  ])('should fail with exit code 1 when %s', async (_, args, message) => {
    const { code, err } = await runCli('features', ...args);
    expect(code).toBe(1);
    expect(err).toMatch(message);
  });
});
