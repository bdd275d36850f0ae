import { CandleFactory, formatCandleCsv } from '@crypto/candles';
import { BAD_CANDLE_FILES, BTC_FILE, runCli, ScratchDir } from '../testing/cli-harness';
import { IMPOSSIBLE_CANDLE_FILES } from './features-signal.candle-files';

describe('signal command', () => {
  const scratch = new ScratchDir();
  beforeAll(() => scratch.create());
  afterAll(() => scratch.remove());

  it('should print the SPEC §5 signal of the last candle of the recorded BTC file as JSON', async () => {
    const { code, out, err } = await runCli('signal', '--input', BTC_FILE);
    expect([code, err]).toEqual([0, '']);
    // 2025-10-06 16:00 UTC: close 125,455.24 after 125,000; sma12 above sma48, so only the vol term counts.
    expect(JSON.parse(out)).toEqual({
      nowcast_ret: 0.003642,
      vol: expect.closeTo(0.00277705145720001, 15),
      vol_regime: 'calm',
      risk_score: 0.5172,
    });
    expect(out.endsWith('}\n')).toBe(true);
  });

  it('should add the last 5 feature rows when asked to explain', async () => {
    const { code, out } = await runCli('signal', '--input', BTC_FILE, '--explain');
    const { features_tail } = JSON.parse(out) as { features_tail: { time: string; close: number }[] };
    expect(code).toBe(0);
    expect(features_tail.map((r) => r.time)).toEqual([
      '2025-10-06T12:00:00.000Z',
      '2025-10-06T13:00:00.000Z',
      '2025-10-06T14:00:00.000Z',
      '2025-10-06T15:00:00.000Z',
      '2025-10-06T16:00:00.000Z',
    ]);
    expect(features_tail.at(-1)!.close).toBe(125455.24);
  });

  it('should read an undefined vol as 0 when the file holds a single candle', async () => {
    const input = await scratch.write('one.csv', formatCandleCsv(CandleFactory.series({ count: 1 }).build()));
    const { code, out } = await runCli('signal', '--input', input);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({ nowcast_ret: 0, vol: 0, vol_regime: 'calm', risk_score: 1 });
  });

  it.each([...BAD_CANDLE_FILES, ...IMPOSSIBLE_CANDLE_FILES])(
    'should fail with exit code 1 naming the problem when the input has %s',
    async (_, text, message) => {
      const input = await scratch.write('bad.csv', text);
      const { code, out, err } = await runCli('signal', '--input', input);
      expect([code, out]).toEqual([1, '']);
      expect(err).toMatch(message);
      expect(err.trimEnd().split('\n')).toHaveLength(1);
    },
  );
});
