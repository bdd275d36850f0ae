import { loadEnv } from '@crypto/config';
import { TrainerEnv } from './trainer.env';

describe(TrainerEnv.name, () => {
  it('should default its metrics port to 9104', () => {
    expect(loadEnv(TrainerEnv, {}).METRICS_PORT).toBe(9104);
  });

  it('should train BTC/USDT every 6 hours by default', () => {
    const env = loadEnv(TrainerEnv, {});
    expect(env).toMatchObject({ TRAINING_CRON: '0 */6 * * *', TRAINING_SYMBOLS: 'BTC/USDT' });
  });

  it('should make the daily report of BTC/USDT 1h at 00:15 UTC into bucket reports by default', () => {
    expect(loadEnv(TrainerEnv, {})).toMatchObject({
      REPORT_CRON: '15 0 * * *',
      REPORT_SYMBOL: 'BTC/USDT',
      REPORT_TIMEFRAME: '1h',
      REPORTS_BUCKET: 'reports',
    });
  });

  it.each([
    ['METRICS_PORT', '70000'],
    ['PROMETHEUS_URL', 'not a url'],
    ['TRAINING_ATTEMPTS', '0'],
    ['PROMOTION_REQUIRE_HAR', 'yes'],
    ['TRAINING_JOB_LOCK_MS', '1000'],
  ])('should refuse %s=%s', (key, value) => {
    expect(() => loadEnv(TrainerEnv, { [key]: value })).toThrow(new RegExp(key));
  });
});
