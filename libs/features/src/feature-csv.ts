import type { FeatureColumns } from './batch-features';
import { FEATURE_COLUMNS } from './feature-row';

/** The SPEC §8 feature table: `ts`, then {@link FEATURE_COLUMNS}; an empty cell where a value is undefined. */
export function formatFeatureCsv(columns: FeatureColumns): string {
  const lines = [['ts', ...FEATURE_COLUMNS].join(',')];
  for (let t = 0; t < columns.length; t++) {
    const cells = FEATURE_COLUMNS.map((name) => {
      const value = columns[name][t]!;
      return Number.isNaN(value) ? '' : String(value);
    });
    lines.push(`${columns.ts[t]},${cells.join(',')}`);
  }
  return `${lines.join('\n')}\n`;
}
