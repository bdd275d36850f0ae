import { rollingRealizedVol } from './realized-vol';

/** HAR-RV components on 1h candles: daily, weekly and monthly realized vol (Corsi 2009). */
export const HAR_WINDOWS = { daily: 24, weekly: 168, monthly: 720 } as const;

/** Candles of history before a forecast origin that HAR-RV needs: the monthly window and the first return. */
export const HAR_WARMUP = HAR_WINDOWS.monthly;

/** Realized vol (√ of the mean squared return) over the day, week and month ending at each candle. */
export interface HarComponents {
  daily: Float64Array;
  weekly: Float64Array;
  monthly: Float64Array;
}

export function harComponents(ret: Float64Array, from = 0): HarComponents {
  return {
    daily: rollingRealizedVol(ret, HAR_WINDOWS.daily, from),
    weekly: rollingRealizedVol(ret, HAR_WINDOWS.weekly, from),
    monthly: rollingRealizedVol(ret, HAR_WINDOWS.monthly, from),
  };
}

/** σ_{t+1..t+H} ≈ β0 + βd·RV_d(t) + βw·RV_w(t) + βm·RV_m(t): Corsi's HAR-RV on realized vols. */
export interface HarCoefficients {
  intercept: number;
  daily: number;
  weekly: number;
  monthly: number;
}

/**
 * Ordinary least squares of the actual vol on the three components over the given origins (those with every
 * value defined): normal equations in float64, solved by Gaussian elimination with partial pivoting.
 */
export function fitHar(
  components: HarComponents,
  targetVol: Float64Array,
  origins: Iterable<number>,
): HarCoefficients {
  const rows: number[][] = [];
  for (const t of origins) {
    const row = [1, components.daily[t]!, components.weekly[t]!, components.monthly[t]!, targetVol[t]!];
    if (row.every(Number.isFinite)) rows.push(row);
  }
  if (rows.length < 4) throw new RangeError(`HAR-RV needs at least 4 complete origins, got ${rows.length}`);
  // Vols are ~1e-3: divided by their mean so that X'X mixes the intercept's 1 with values near 1.
  const scale = rows.length / rows.reduce((sum, row) => sum + row[4]!, 0);
  const xtx = Array.from({ length: 4 }, () => new Float64Array(4));
  const xty = new Float64Array(4);
  for (const row of rows) {
    const x = [1, row[1]! * scale, row[2]! * scale, row[3]! * scale];
    const y = row[4]! * scale;
    for (let i = 0; i < 4; i++) {
      xty[i]! += x[i]! * y;
      for (let j = 0; j < 4; j++) xtx[i]![j]! += x[i]! * x[j]!;
    }
  }
  const [intercept, daily, weekly, monthly] = solveLinearSystem(xtx, xty);
  return { intercept: intercept! / scale, daily: daily!, weekly: weekly!, monthly: monthly! };
}

/** Smallest forecast vol: a least-squares fit may go non-positive at a calm origin, where QLIKE is undefined. */
const MIN_VOL = 1e-4;

/** HAR-RV forecast vol of origin t, floored at 1e-4 (a tenth of the calmest BTC 1h day). */
export function harForecast(coefficients: HarCoefficients, components: HarComponents, t: number): number {
  const vol =
    coefficients.intercept +
    coefficients.daily * components.daily[t]! +
    coefficients.weekly * components.weekly[t]! +
    coefficients.monthly * components.monthly[t]!;
  return Math.max(vol, MIN_VOL);
}

/** Solves A·x = b (A square) by Gaussian elimination with partial pivoting; A and b are not modified. */
export function solveLinearSystem(a: readonly Float64Array[], b: Float64Array): Float64Array {
  const n = b.length;
  const m = a.map((row, i) => Float64Array.from([...row, b[i]!]));
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    if (m[pivot]![col] === 0) throw new RangeError('singular system');
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let r = col + 1; r < n; r++) {
      const factor = m[r]![col]! / m[col]![col]!;
      for (let c = col; c <= n; c++) m[r]![c]! -= factor * m[col]![c]!;
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let sum = m[r]![n]!;
    for (let c = r + 1; c < n; c++) sum -= m[r]![c]! * x[c]!;
    x[r] = sum / m[r]![r]!;
  }
  return x;
}
