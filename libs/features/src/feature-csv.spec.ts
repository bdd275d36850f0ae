import { CandleFactory } from '@crypto/candles';
import { computeFeatureColumns } from './batch-features';
import { formatFeatureCsv } from './feature-csv';

describe(formatFeatureCsv.name, () => {
  it('should write ts then the SPEC §8 columns, with empty cells where undefined', () => {
    const candles = CandleFactory.series({ count: 2, startTs: 1000 })
      .withCloses([100, 125])
      .withVolume(0)
      .build();
    expect(formatFeatureCsv(computeFeatureColumns(candles))).toBe(
      'ts,ret,vol24,sma12,sma48,rsi14,bb_upper,bb_lower,momentum_12,momentum_24,log_volume\n' +
        '1000,,,,,,,,,,0\n' +
        '3601000,0.25,,,,,,,,,0\n',
    );
  });

  it('should write only the header when there is no candle', () => {
    expect(formatFeatureCsv(computeFeatureColumns([]))).toBe(
      'ts,ret,vol24,sma12,sma48,rsi14,bb_upper,bb_lower,momentum_12,momentum_24,log_volume\n',
    );
  });
});
