import { IsNotEmpty, IsString, IsUrl } from 'class-validator';
import { ServicesEnv } from '@crypto/config';
import { WithRegisteredModelEnv, type EnvClass } from '@crypto/registry';
import { Bucket } from '@crypto/storage';
import { DEFAULT_FONT_FILES } from './charts/chart-renderer';

const url = { require_tld: false, protocols: ['http', 'https'] };

/**
 * Settings of the daily report (SPEC §8 `report`), added to the environment of whoever makes or serves it
 * (the CLI, the trainer's daily job, the gateway), a mixin since each extends its own base already.
 */
export function WithReportingEnv<T extends EnvClass>(Base: T) {
  class ReportingSettings extends Base {
    /** MinIO bucket the reports are stored in and served from */
    @IsNotEmpty()
    REPORTS_BUCKET: string = Bucket.Reports;

    /** where the latest data-quality report is read */
    @IsNotEmpty()
    QUALITY_REPORTS_BUCKET: string = Bucket.QualityReports;

    /** the market the daily job reports (ccxt unified symbol) */
    @IsNotEmpty()
    REPORT_SYMBOL: string = 'BTC/USDT';

    @IsNotEmpty()
    REPORT_EXCHANGE: string = 'binance';

    @IsNotEmpty()
    REPORT_TIMEFRAME: string = '1h';

    /** cron pattern (UTC) of the daily report job: it reports the day that just ended */
    @IsString()
    REPORT_CRON: string = '15 0 * * *';

    /** Prometheus, first source of the gateway's request figures (the day's increase) */
    @IsUrl(url)
    PROMETHEUS_URL: string = 'http://127.0.0.1:9090';

    /** the Prometheus job that scrapes the gateway (infra/prometheus) */
    @IsNotEmpty()
    PROMETHEUS_GATEWAY_JOB: string = 'gateway';

    /** the gateway's own Prometheus text, read when Prometheus has nothing */
    @IsUrl(url)
    GATEWAY_METRICS_URL: string = 'http://127.0.0.1:8800/metrics';

    /** comma-separated TrueType files the charts' text is drawn with (Debian fonts-dejavu-core) */
    @IsNotEmpty()
    REPORT_FONT_FILES: string = DEFAULT_FONT_FILES.join(',');
  }
  return ReportingSettings;
}

/** The report's environment on its own: the services, the registered model, the report settings. */
export class ReportingEnv extends WithReportingEnv(WithRegisteredModelEnv(ServicesEnv)) {}

/** The market the daily job reports. */
export const reportMarket = (
  env: Pick<ReportingEnv, 'REPORT_SYMBOL' | 'REPORT_EXCHANGE' | 'REPORT_TIMEFRAME'>,
) => ({
  symbol: env.REPORT_SYMBOL,
  exchange: env.REPORT_EXCHANGE,
  timeframe: env.REPORT_TIMEFRAME,
});
