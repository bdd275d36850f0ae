import type { ServingMetrics } from '../serving-metrics';

/** Records what the services report (STYLE §11: an in-process fake of our own port). */
export class ServingMetricsSpy implements ServingMetrics {
  readonly windows: string[] = [];
  readonly exchangeCalls: Array<{ exchange: string; operation: string; seconds: number; outcome: string }> =
    [];
  signals = 0;
  predictions = 0;

  candleWindow(outcome: 'hit' | 'miss' | 'stale'): void {
    this.windows.push(outcome);
  }

  exchangeCall(exchange: string, operation: string, seconds: number, outcome: 'ok' | 'error'): void {
    this.exchangeCalls.push({ exchange, operation, seconds, outcome });
  }

  signalServed(): void {
    this.signals++;
  }

  predictionServed(): void {
    this.predictions++;
  }
}
