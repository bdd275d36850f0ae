import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { TrainingJob, type TrainingJobName } from '@crypto/messaging';
import { ChampionModelLoader } from '@crypto/registry';
import { marketSlug, resolveTrainingRequest, type TrainingRequest } from '../training.request';
import type { FlowState, With } from './flow-state';
import { TFJS_MODEL_OPS } from './model-ops';
import { BuildDatasetStep } from './steps/build-dataset.step';
import { ChampionScorer } from './steps/champion-scorer';
import { EvaluateStep } from './steps/evaluate.step';
import { ExtractStep } from './steps/extract.step';
import { PromoteStep } from './steps/promote.step';
import { RegisterStep } from './steps/register.step';
import { TrainStep } from './steps/train.step';
import { ValidateQualityStep } from './steps/validate-quality.step';
import type { StepProgress, TrainingDeps } from './training-deps';

/** Steps in the order they run (the flow's leaf first, its root last). */
export const TRAINING_STEPS = [
  TrainingJob.Extract,
  TrainingJob.Validate,
  TrainingJob.BuildDataset,
  TrainingJob.Train,
  TrainingJob.Evaluate,
  TrainingJob.Register,
  TrainingJob.Promote,
] as const;
export type TrainingStep = (typeof TRAINING_STEPS)[number];

/** A new flow id: `<exchange>-<base>-<quote>-<tf>-<epoch ms>-<random>`, usable as a BullMQ job id prefix. */
export const newFlowId = (request: { exchange: string; symbol: string; timeframe: string }): string =>
  `${marketSlug(request)}-${Date.now()}-${randomBytes(3).toString('hex')}`;

/**
 * The training pipeline of SPEC §7 (STYLE §3: every outside system injected), one class per step under
 * `steps/`. Each step takes the state the previous one returned and returns it with its own part added, so
 * that the BullMQ flow runs each as a job (a child's return value feeds its parent) and `run()` chains them
 * in process. Every run is one MLflow run; a failed or rejected run never touches the `champion` alias.
 */
export class TrainingPipeline {
  private readonly logger = new Logger(TrainingPipeline.name);
  private readonly steps: {
    [S in TrainingStep]: (state: FlowState, progress: StepProgress) => Promise<FlowState>;
  };

  constructor(private readonly deps: TrainingDeps) {
    const model = deps.model ?? TFJS_MODEL_OPS;
    const loader = new ChampionModelLoader(deps.mlflow, deps.settings.modelName, model);
    const champions = new ChampionScorer(loader, model);
    const extract = new ExtractStep(deps);
    const validate = new ValidateQualityStep(deps);
    const buildDataset = new BuildDatasetStep(deps);
    const train = new TrainStep({ ...deps, model });
    const evaluate = new EvaluateStep(deps, loader, champions, model);
    const register = new RegisterStep(deps);
    const promote = new PromoteStep(deps, champions);
    const promotable = ['dataset', 'run', 'evaluation', 'gate_report'] as const;
    this.steps = {
      [TrainingJob.Extract]: (s, p) => extract.run(s, p),
      [TrainingJob.Validate]: (s, p) => validate.run(need(s, 'raw'), p),
      [TrainingJob.BuildDataset]: (s, p) => buildDataset.run(need(s, 'raw', 'quality'), p),
      [TrainingJob.Train]: (s, p) => train.run(need(s, 'dataset'), p),
      [TrainingJob.Evaluate]: (s, p) => evaluate.run(need(s, 'dataset', 'run', 'evaluation'), p),
      [TrainingJob.Register]: (s, p) => register.run(need(s, ...promotable), p),
      [TrainingJob.Promote]: (s, p) => promote.run(need(s, ...promotable), p),
    };
  }

  /** Checks the request and records the run (status `queued`). */
  async begin(flowId: string, request: TrainingRequest): Promise<FlowState> {
    const resolved = resolveTrainingRequest(request, this.deps.settings.modelDefaults);
    await this.deps.runs.start(flowId, { ...resolved });
    return { flow_id: flowId, request: resolved };
  }

  /** Runs every step in process (the CLI): the same code the queue runs, one job after the other. */
  async run(
    request: TrainingRequest,
    onProgress: (step: TrainingStep, fraction: number, message: string) => void = () => undefined,
    flowId = newFlowId(resolveTrainingRequest(request)),
  ): Promise<FlowState> {
    let state = await this.begin(flowId, request);
    for (const step of TRAINING_STEPS) {
      try {
        state = await this.runStep(step, state, (fraction, message) => onProgress(step, fraction, message));
      } catch (error) {
        await this.fail(flowId, step, error);
        throw error;
      }
    }
    return state;
  }

  /** Runs one step by its job name. */
  async runStep(step: TrainingJobName, state: FlowState, progress: StepProgress): Promise<FlowState> {
    const run = (this.steps as Partial<Record<TrainingJobName, (typeof this.steps)[TrainingStep]>>)[step];
    if (!run) throw new Error(`no training step is named ${step}`);
    await this.deps.runs.update(state.flow_id, { status: 'running', step });
    return run(state, progress);
  }

  /**
   * Records a failed step: the run row (status, step, reason) and the MLflow run (FAILED, when there is one
   * and MLflow answers). Never throws: it runs while handling another failure.
   */
  async fail(flowId: string, step: string, error: unknown): Promise<void> {
    const reason = error instanceof Error ? error.message : String(error);
    this.logger.error(`Training ${flowId} failed at ${step}: ${reason}`);
    try {
      const row = await this.deps.runs.update(flowId, {
        status: 'failed',
        step,
        reason: `${step}: ${reason}`.slice(0, 2000),
        finished_at: new Date(),
      });
      if (row?.mlflow_run_id) {
        await this.deps.mlflow.setRunTags(row.mlflow_run_id, {
          'crypto.failed_step': step,
          'crypto.error': reason.slice(0, 500),
        });
        await this.deps.mlflow.endRun(row.mlflow_run_id, 'FAILED');
      }
    } catch (secondary) {
      this.logger.warn(`Could not record the failure of ${flowId}: ${(secondary as Error).message}`);
    }
  }
}

/** The state with the fields earlier steps must have filled; a clear error when a step runs out of order. */
function need<K extends keyof FlowState>(state: FlowState, ...keys: K[]): With<K> {
  const missing = keys.filter((k) => state[k] === undefined);
  if (missing.length > 0)
    throw new Error(`flow ${state.flow_id}: missing ${missing.join(', ')} from earlier steps`);
  return state as With<K>;
}
