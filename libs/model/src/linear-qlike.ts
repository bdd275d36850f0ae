import { solveLinearSystem } from './har';

export interface LinearFit {
  weights: Float64Array;
  bias: number;
}

/**
 * The linear forecast ŷ = b + w·x of ln σ² that minimises QLIKE, mean(exp(y − ŷ) − (y − ŷ) − 1), by Newton's
 * method in float64 (the loss is convex in (b, w): gradient mean((1 − e)·x), Hessian mean(e·x·xᵀ), e = exp(y − ŷ)),
 * started from least squares and halving a step that does not lower the loss. `rows` is row-major n × k.
 * A ridge of 1e-6 keeps the Hessian invertible when inputs are collinear.
 */
export function fitLinearQlike(
  rows: Float32Array | Float64Array,
  k: number,
  y: ArrayLike<number>,
  iterations = 30,
): LinearFit {
  const n = y.length;
  const p = k + 1; // bias first
  const x = (i: number, j: number) => (j === 0 ? 1 : rows[i * k + j - 1]!);
  const predict = (beta: Float64Array, i: number) => {
    let sum = 0;
    for (let j = 0; j < p; j++) sum += beta[j]! * x(i, j);
    return sum;
  };
  const loss = (beta: Float64Array) => {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const d = y[i]! - predict(beta, i);
      sum += Math.exp(d) - d - 1;
    }
    return sum / n;
  };
  const normal = (weight: (i: number) => number, target: (i: number) => number) => {
    const a = Array.from({ length: p }, () => new Float64Array(p));
    const b = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      const w = weight(i);
      const t = target(i);
      for (let r = 0; r < p; r++) {
        const xr = x(i, r);
        b[r]! += w * xr * t;
        for (let c = r; c < p; c++) a[r]![c]! += w * xr * x(i, c);
      }
    }
    for (let r = 0; r < p; r++) {
      a[r]![r]! += 1e-6 * n;
      for (let c = 0; c < r; c++) a[r]![c] = a[c]![r]!;
    }
    return { a, b };
  };
  const start = normal(
    () => 1,
    (i) => y[i]!,
  );
  let beta = solveLinearSystem(start.a, start.b);
  let current = loss(beta);
  for (let iteration = 0; iteration < iterations; iteration++) {
    const e = Float64Array.from({ length: n }, (_, i) => Math.exp(y[i]! - predict(beta, i)));
    // Newton step Δ solves H·Δ = g, with H = Σ e·x·xᵀ and g = Σ (1 − e)·x (weights e, targets (1 − e)/e).
    const { a, b } = normal(
      (i) => e[i]!,
      (i) => (1 - e[i]!) / e[i]!,
    );
    const step = solveLinearSystem(a, b);
    let scale = 1;
    let next = beta.map((v, j) => v - scale * step[j]!);
    let nextLoss = loss(next);
    while (!(nextLoss <= current) && scale > 1e-4) {
      scale /= 2;
      next = beta.map((v, j) => v - scale * step[j]!);
      nextLoss = loss(next);
    }
    if (!(nextLoss <= current)) break;
    const converged = current - nextLoss < 1e-12;
    beta = next;
    current = nextLoss;
    if (converged) break;
  }
  return { bias: beta[0]!, weights: beta.subarray(1) };
}
