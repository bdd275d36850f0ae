import type { ForecastMetrics } from '@crypto/model';
import { decidePromotion, type GateInput } from './promotion-gate';

const m = (qlike: number): ForecastMetrics => ({ rmse: 0.01, mae: 0.005, qlike, r2: 0.2 });

/** A gate input (STYLE §12): candidate 0.30, persistence 0.50, EWMA 0.45, HAR 0.40, no champion. */
const gateInput = (over: { model?: number; persistence?: number; ewma?: number; har?: number } = {}) => ({
  candidate: {
    model: m(over.model ?? 0.3),
    baselines: {
      persistence: m(over.persistence ?? 0.5),
      ewma: m(over.ewma ?? 0.45),
      har: m(over.har ?? 0.4),
    },
  },
  champion: null as GateInput['champion'],
  requireHar: false,
});

describe(decidePromotion.name, () => {
  it('should promote when the candidate beats persistence and EWMA and there is no champion', () => {
    const sut = decidePromotion(gateInput());
    expect(sut).toMatchObject({ promote: true, alias: 'champion' });
    expect(sut.reason).toMatch(/no champion yet/);
  });

  it('should promote when the candidate also beats the champion re-scored on its window', () => {
    const sut = decidePromotion({ ...gateInput(), champion: { version: '3', metrics: m(0.35) } });
    expect(sut.promote).toBe(true);
    expect(sut.comparisons.map((c) => c.against)).toEqual(['persistence', 'ewma', 'champion v3']);
  });

  it.each([
    ['persistence', { persistence: 0.29 }],
    ['ewma', { ewma: 0.3 }],
    ['persistence', { model: NaN }],
  ])('should keep a challenger that does not beat %s', (rival, over) => {
    const sut = decidePromotion(gateInput(over));
    expect(sut).toMatchObject({ promote: false, alias: 'challenger' });
    expect(sut.reason).toMatch(new RegExp(`does not beat ${rival}`));
  });

  it('should keep a challenger that loses to the champion, naming its version and both QLIKEs', () => {
    const sut = decidePromotion({ ...gateInput(), champion: { version: '7', metrics: m(0.25) } });
    expect(sut.promote).toBe(false);
    expect(sut.reason).toBe('QLIKE does not beat champion v7 (0.3000 ≥ 0.2500)');
  });

  it('should ignore HAR-RV unless it is required', () => {
    expect(decidePromotion(gateInput({ har: 0.2 })).promote).toBe(true);
    expect(decidePromotion({ ...gateInput({ har: 0.2 }), requireHar: true })).toMatchObject({
      promote: false,
      reason: expect.stringMatching(/does not beat har/),
    });
  });

  it('should not defend a champion that could not be loaded, and say so', () => {
    const sut = decidePromotion({
      ...gateInput(),
      champion: { version: '2', metrics: null, error: 'sha256 mismatch' },
    });
    expect(sut.promote).toBe(true);
    expect(sut.reason).toMatch(/champion v2 could not be scored \(sha256 mismatch\)/);
  });
});
