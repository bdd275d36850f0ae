import { mulberry32 } from '@crypto/candles';
import { fitLinearQlike } from './linear-qlike';

describe(fitLinearQlike.name, () => {
  it('should find the QLIKE optimum ln E[σ²] when the only input is a constant', () => {
    // Targets ln σ² of σ² = 1 and 3: QLIKE's best constant forecast is h² = E[σ²] = 2, not exp(E[ln σ²]) = √3.
    const y = [Math.log(1), Math.log(3)];

    const sut = fitLinearQlike(Float64Array.of(0, 0), 1, y);

    expect(sut.bias).toBeCloseTo(Math.log(2), 6);
  });

  it('should recover the weights when ln σ² is a linear function of the inputs plus a known noise', () => {
    const random = mulberry32(3);
    const n = 4_000;
    const rows = Float64Array.from({ length: 2 * n }, () => random() * 2 - 1);
    // y = 0.5 + 1.5·x1 − 0.7·x2 + ln(ε), ε ∈ {0.5, 1.5} equally likely: E[e^{y}] = e^{ŷ}·1, so ŷ = 0.5 + 1.5·x1 − 0.7·x2.
    const y = Array.from(
      { length: n },
      (_, i) => 0.5 + 1.5 * rows[2 * i]! - 0.7 * rows[2 * i + 1]! + Math.log(i % 2 ? 0.5 : 1.5),
    );

    const sut = fitLinearQlike(rows, 2, y);

    expect(sut.bias).toBeCloseTo(0.5, 1);
    expect(sut.weights[0]).toBeCloseTo(1.5, 1);
    expect(sut.weights[1]).toBeCloseTo(-0.7, 1);
  });
});
