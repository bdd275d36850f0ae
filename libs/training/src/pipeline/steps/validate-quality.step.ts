import { validateCandleQuality, type QualityReport } from '@crypto/market-data';
import { TrainingError } from '../../training.error';
import type { With } from '../flow-state';
import { DEFAULT_BLOCKING_QUALITY_CHECKS, type StepProgress, type TrainingDeps } from '../training-deps';

/** Validate quality: the data-quality report (stored in `quality-reports`); blocking checks stop the run. */
export class ValidateQualityStep {
  constructor(private readonly deps: Pick<TrainingDeps, 'data' | 'qualityReports' | 'settings'>) {}

  async run(state: With<'raw'>, progress: StepProgress): Promise<With<'raw' | 'quality'>> {
    const { request } = state;
    const candles = await this.deps.data.getCandles(state.raw.ref);
    const report = validateCandleQuality(candles, request.timeframe, {
      tolerances: this.deps.settings.qualityTolerances,
    });
    const stored = await this.deps.qualityReports.save(request, report);
    const failed = Object.entries(report.checks)
      .filter(([, check]) => !check.pass)
      .map(([name]) => name as keyof QualityReport['checks']);
    const blocking = this.deps.settings.blockingQualityChecks ?? DEFAULT_BLOCKING_QUALITY_CHECKS;
    const blocked = failed.filter((name) => blocking.includes(name));
    if (blocked.length > 0) {
      throw new TrainingError(
        'QUALITY_FAILED',
        `candles failed the quality checks ${blocked.join(', ')} (report s3://${stored.bucket}/${stored.key})`,
      );
    }
    const warnings = failed.filter((name) => !blocking.includes(name));
    await progress(
      1,
      warnings.length ? `quality passed with warnings: ${warnings.join(', ')}` : 'quality passed',
    );
    return { ...state, quality: { pass: report.pass, warnings, report: stored } };
  }
}
