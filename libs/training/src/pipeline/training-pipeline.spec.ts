import { Logger } from '@nestjs/common';
import { TrainingJob } from '@crypto/messaging';
import { fakeTrainingDeps, FAKE_MARKET } from '../testing/fake-training-deps';
import { TRAINING_STEPS, TrainingPipeline } from './training-pipeline';

describe(TrainingPipeline.name, () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('should run every step in order, reporting each, and record the run as completed', async () => {
    const deps = fakeTrainingDeps();
    const seen: string[] = [];

    const state = await new TrainingPipeline(deps).run(
      FAKE_MARKET,
      (step, fraction) => {
        if (fraction === 1) seen.push(step);
      },
      'flow-9',
    );

    expect(seen).toEqual([...TRAINING_STEPS]);
    expect(state.decision).toMatchObject({ promote: true, alias: 'champion', version: '1' });
    expect(deps.runs.rows.get('flow-9')).toMatchObject({
      status: 'completed',
      step: TrainingJob.Promote,
      mlflow_run_id: state.run!.run_id,
    });
  });

  it('should record the failed step on the row and end the MLflow run FAILED', async () => {
    const deps = fakeTrainingDeps();
    deps.mlflow.failNext('createModelVersion');

    await expect(new TrainingPipeline(deps).run(FAKE_MARKET, undefined, 'flow-9')).rejects.toThrow('down');

    const row = deps.runs.rows.get('flow-9')!;
    expect(row).toMatchObject({ status: 'failed', step: TrainingJob.Register, reason: 'register: down' });
    expect(deps.mlflow.runs.get(row.mlflow_run_id!)?.info.status).toBe('FAILED');
    expect(deps.mlflow.tagsOf(row.mlflow_run_id!)).toMatchObject({ 'crypto.failed_step': 'register' });
    expect(deps.mlflow.aliases.size).toBe(0);
  });

  it('should refuse a step run before the steps it needs', async () => {
    const deps = fakeTrainingDeps();
    const pipeline = new TrainingPipeline(deps);
    const state = await pipeline.begin('flow-9', FAKE_MARKET);

    await expect(pipeline.runStep(TrainingJob.Train, state, () => undefined)).rejects.toThrow(
      'flow flow-9: missing dataset from earlier steps',
    );
    await expect(pipeline.runStep(TrainingJob.Schedule, state, () => undefined)).rejects.toThrow(
      /no training step is named/,
    );
  });
});
