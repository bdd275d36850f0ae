import { Logger } from '@nestjs/common';
import { ModelEventType, TrainingJob, type ModelEventMessage } from '@crypto/messaging';
import { ModelAlias, ModelTag } from '@crypto/registry';
import { NO_CHAMPION_LOCK } from '../../promotion/champion-lock';
import { decidePromotion } from '../../promotion/promotion-gate';
import type { FlowState, With } from '../flow-state';
import type { StepProgress, TrainingDeps } from '../training-deps';
import type { ChampionScorer } from './champion-scorer';

type Decision = NonNullable<FlowState['decision']>;
type Promotable = With<'dataset' | 'run' | 'evaluation' | 'gate_report'>;

/**
 * Promote: the gate (SPEC §6). Champion → alias `champion`, a `model-events` message and a Redis notice;
 * otherwise alias `challenger` with the reason as a version tag. Reading the champion, deciding and moving
 * the alias happen holding the champion lock, so a promotion or a rollback running meanwhile is decided
 * before or after this one, never on a champion this one replaces. Idempotent when retried.
 */
export class PromoteStep {
  private readonly logger = new Logger(PromoteStep.name);

  constructor(
    private readonly deps: Pick<
      TrainingDeps,
      'data' | 'runs' | 'mlflow' | 'events' | 'settings' | 'championLock'
    >,
    private readonly champions: ChampionScorer,
  ) {}

  async run(state: Promotable, progress: StepProgress): Promise<FlowState> {
    const { version = null } = state;
    if (version === null) {
      const decision: Decision = {
        promote: false,
        alias: null,
        reason: 'not registered',
        comparisons: [],
        version,
      };
      await this.finish(state, decision, 'not_registered');
      await progress(1, 'not registered: nothing to promote');
      return { ...state, decision };
    }
    const lock = this.deps.championLock ?? NO_CHAMPION_LOCK;
    return lock.hold(this.deps.settings.modelName, `promotion of v${version} (flow ${state.flow_id})`, () =>
      this.decide(state, version, progress),
    );
  }

  private async decide(state: Promotable, version: string, progress: StepProgress): Promise<FlowState> {
    const { mlflow, settings } = this.deps;
    const current = await this.champions.current();
    let champion = state.champion ?? null;
    if (current?.version === version) {
      // an earlier attempt of this step moved the alias, then failed (e.g. publishing): finish the job
      const decision: Decision = {
        promote: true,
        alias: 'champion',
        reason: 'promoted by an earlier attempt of this step',
        comparisons: [],
        version,
      };
      await this.announce(state, version, champion?.version ?? null);
      await this.finish(state, decision, 'champion');
      return { ...state, decision };
    }
    if ((current?.version ?? null) !== (champion?.version ?? null)) {
      await progress(0.2, `the champion changed to v${current?.version} since evaluation: re-scoring it`);
      const candles = await this.deps.data.getCandles(state.dataset.candles);
      champion = await this.champions.score(candles, state.evaluation.test_window);
    }
    const gate = decidePromotion({ candidate: state.gate_report, champion, requireHar: settings.requireHar });
    const decision: Decision = { ...gate, version };
    await mlflow.setModelVersionTag(settings.modelName, version, ModelTag.Decision, gate.alias);
    if (gate.promote) {
      await mlflow.setAlias(settings.modelName, ModelAlias.Champion, version);
      await this.announce(state, version, current?.version ?? null);
    } else {
      await mlflow.setModelVersionTag(settings.modelName, version, ModelTag.RejectionReason, gate.reason);
      await mlflow.setAlias(settings.modelName, ModelAlias.Challenger, version);
    }
    await this.finish(state, decision, gate.alias);
    this.logger.log(
      `${settings.modelName} v${version} (run ${state.run.run_id}) → ${gate.alias}: ${gate.reason}`,
    );
    await progress(1, `${gate.alias}: ${gate.reason}`);
    return { ...state, champion, decision };
  }

  private async announce(state: Promotable, version: string, previous: string | null): Promise<void> {
    const event: ModelEventMessage = {
      type: ModelEventType.Promoted,
      model_name: this.deps.settings.modelName,
      version,
      alias: ModelAlias.Champion,
      run_id: state.run.run_id,
      metrics: state.evaluation.model,
      previous_version: previous,
      timestamp: Date.now(),
    };
    await this.deps.events.publish(event);
  }

  /** The decision on the MLflow run (FINISHED) and the `training_runs` row (completed). */
  private async finish(state: Promotable, decision: Decision, label: string): Promise<void> {
    await this.deps.mlflow.setRunTags(state.run.run_id, {
      [ModelTag.Decision]: label,
      'crypto.decision_reason': decision.reason.slice(0, 5000),
      ...(decision.version ? { 'crypto.model_version': decision.version } : {}),
    });
    await this.deps.mlflow.endRun(state.run.run_id, 'FINISHED');
    await this.deps.runs.update(state.flow_id, {
      status: 'completed',
      step: TrainingJob.Promote,
      decision: label,
      reason: decision.reason,
      model_version: decision.version ?? undefined,
      finished_at: new Date(),
    });
  }
}
