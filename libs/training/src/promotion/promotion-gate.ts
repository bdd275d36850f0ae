import type { EvaluationReport, ForecastMetrics } from '@crypto/model';

/** One comparison of the gate: lower QLIKE wins; ties and non-finite values lose. */
export interface GateComparison {
  against: string;
  candidate_qlike: number;
  other_qlike: number;
  beaten: boolean;
}

export interface PromotionDecision {
  promote: boolean;
  alias: 'champion' | 'challenger';
  /** one sentence naming every comparison that decided, with the QLIKE values */
  reason: string;
  comparisons: GateComparison[];
}

export interface GateInput {
  /** the candidate's test-window report: its metrics and the baselines on the same window */
  candidate: Pick<EvaluationReport, 'model' | 'baselines'>;
  /**
   * the current champion re-scored on the candidate's test window; null when there is none; `metrics`
   * null when it could not be loaded (`error` says why): a champion that cannot serve is not defended
   */
  champion: { version: string; metrics: ForecastMetrics | null; error?: string } | null;
  /** PROMOTION_REQUIRE_HAR: HAR-RV must be beaten too */
  requireHar: boolean;
}

const fmt = (x: number) => (Number.isFinite(x) ? x.toPrecision(4) : String(x));

/**
 * The promotion gate of SPEC §6, pure: the candidate becomes `champion` only if its QLIKE on the test
 * window is strictly below persistence's, EWMA's, the current champion's (re-scored on the same window)
 * and, when required, HAR-RV's. Otherwise it is a `challenger`, and the reason names what it lost to.
 */
export function decidePromotion({ candidate, champion, requireHar }: GateInput): PromotionDecision {
  const q = candidate.model.qlike;
  const rivals: [string, number][] = [
    ['persistence', candidate.baselines.persistence.qlike],
    ['ewma', candidate.baselines.ewma.qlike],
  ];
  if (requireHar) rivals.push(['har', candidate.baselines.har.qlike]);
  if (champion?.metrics) rivals.push([`champion v${champion.version}`, champion.metrics.qlike]);
  const comparisons = rivals.map(([against, other]) => ({
    against,
    candidate_qlike: q,
    other_qlike: other,
    // a rival that cannot be scored (NaN) is not beaten: promotion needs evidence
    beaten: Number.isFinite(q) && Number.isFinite(other) && q < other,
  }));
  const lost = comparisons.filter((c) => !c.beaten);
  const list = (cs: GateComparison[], sign: string) =>
    cs.map((c) => `${c.against} (${fmt(c.candidate_qlike)} ${sign} ${fmt(c.other_qlike)})`).join(', ');
  const promote = lost.length === 0;
  const note = !champion
    ? '; no champion yet'
    : champion.metrics
      ? ''
      : `; champion v${champion.version} could not be scored (${champion.error ?? 'unknown error'})`;
  const reason = promote
    ? `QLIKE beats ${list(comparisons, '<')}${note}`
    : `QLIKE does not beat ${list(lost, '≥')}${note}`;
  return { promote, alias: promote ? 'champion' : 'challenger', reason, comparisons };
}
