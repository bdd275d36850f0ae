import type { ConfidenceTable } from './model-preprocessing';

/** Relative band of a "hit": realized vol within ±25 % of the forecast. */
export const CONFIDENCE_TOLERANCE = 0.25;
const CONFIDENCE_BINS = 5;

/**
 * The confidence table of a model from its test window: forecasts split into quintiles of the predicted
 * level, and for each the share of forecasts whose realized vol came within ±25 % of them. So `confidence`
 * reads: "of the test-window forecasts at this predicted level, this share was within 25 % of what happened".
 */
export function buildConfidenceTable(
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
  tolerance = CONFIDENCE_TOLERANCE,
): ConfidenceTable {
  const order = Array.from({ length: predicted.length }, (_, i) => i).sort(
    (a, b) => predicted[a]! - predicted[b]!,
  );
  const bins = Math.max(1, Math.min(CONFIDENCE_BINS, order.length));
  return {
    tolerance,
    bins: Array.from({ length: bins }, (_, b) => {
      const members = order.slice(
        Math.floor((b * order.length) / bins),
        Math.floor(((b + 1) * order.length) / bins),
      );
      const hits = members.filter((i) => Math.abs(actual[i]! / predicted[i]! - 1) <= tolerance).length;
      return {
        max_prediction: b === bins - 1 ? null : predicted[members[members.length - 1]!]!,
        hit_rate: members.length ? hits / members.length : 0,
        n: members.length,
      };
    }),
  };
}

/** The hit rate of the bin the forecast falls in: a number in [0, 1] measured on the model's test window. */
export function forecastConfidence(table: ConfidenceTable, prediction: number): number {
  const bin = table.bins.find((b) => b.max_prediction === null || prediction <= b.max_prediction);
  return (bin ?? table.bins[table.bins.length - 1]!).hit_rate;
}
