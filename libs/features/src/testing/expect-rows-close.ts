import { ALL_FEATURE_COLUMNS, type FeatureRow } from '../feature-row';

/** The agreement SPEC §5 asks of the two forms: 1e-9, relative for values above 1 in magnitude, absolute below. */
export const AGREEMENT = 1e-9;

/** The first place where two feature tables differ beyond {@link AGREEMENT} (or in which values are null). */
export function firstDisagreement(
  actual: readonly FeatureRow[],
  expected: readonly FeatureRow[],
): string | null {
  if (actual.length !== expected.length) return `${actual.length} rows, expected ${expected.length}`;
  for (let t = 0; t < expected.length; t++) {
    const a = actual[t]!;
    const e = expected[t]!;
    if (a.ts !== e.ts) return `row ${t}: ts ${a.ts}, expected ${e.ts}`;
    for (const name of ALL_FEATURE_COLUMNS) {
      const x = a[name];
      const y = e[name];
      const agree =
        x === null || y === null
          ? x === y
          : Number.isFinite(x) && Math.abs(x - y) <= AGREEMENT * Math.max(1, Math.abs(x), Math.abs(y));
      if (!agree) return `row ${t} ${name}: ${x}, expected ${y}`;
    }
  }
  return null;
}
