import { Logger } from '@nestjs/common';
import type { ModelEventMessage } from '@crypto/messaging';
import { MlflowError, ModelTag, type ModelVersion, type Run } from '@crypto/registry';
import type { TrainingRunPatch } from '@crypto/storage';
import { TrainingError } from '../training.error';
import { ChampionBusyError, ChampionLockUnavailableError, type ChampionLock } from './champion-lock';
import { ChampionRollback, previousChampion, RollbackTag, ROLLED_BACK } from './champion-rollback';

const version = (v: string, decision?: string): ModelVersion => ({
  name: 'm',
  version: v,
  source: `mlflow-artifacts:/1/run-${v}/artifacts/model`,
  run_id: `run-${v}`,
  status: 'READY',
  tags: decision ? [{ key: ModelTag.Decision, value: decision }] : [],
  aliases: [],
});

/** The registry as the rollback sees it: versions with tags, one champion alias, run tags and metrics. */
class FakeRegistry {
  champion: string | undefined;
  readonly versions = new Map<string, ModelVersion>();
  readonly runTags = new Map<string, Record<string, string>>();

  add(...versions: ModelVersion[]): this {
    versions.forEach((v) => this.versions.set(v.version, v));
    return this;
  }

  tag(v: string, key: string): string | undefined {
    return this.versions.get(v)!.tags.find((t) => t.key === key)?.value;
  }

  async getVersionByAlias(): Promise<ModelVersion | null> {
    return this.champion === undefined ? null : this.versions.get(this.champion)!;
  }

  async getModelVersion(_name: string, v: string): Promise<ModelVersion> {
    const found = this.versions.get(v);
    if (!found) throw new MlflowError('RESOURCE_DOES_NOT_EXIST', 404, `no version ${v}`);
    return found;
  }

  async searchModelVersions(): Promise<ModelVersion[]> {
    return [...this.versions.values()].reverse();
  }

  async setAlias(_name: string, _alias: string, v: string): Promise<void> {
    this.champion = v;
  }

  async setModelVersionTag(_name: string, v: string, key: string, value: string): Promise<void> {
    const found = this.versions.get(v)!;
    found.tags = [...found.tags.filter((t) => t.key !== key), { key, value }];
  }

  async setRunTags(runId: string, tags: Record<string, string>): Promise<void> {
    this.runTags.set(runId, { ...this.runTags.get(runId), ...tags });
  }

  async getRun(runId: string): Promise<Run> {
    const metrics = ['rmse', 'mae', 'qlike', 'r2'].map((k, i) => ({
      key: `test_${k}`,
      value: i + 0.5,
      timestamp: 0,
    }));
    return { info: { run_id: runId } as Run['info'], data: { metrics } };
  }
}

describe(previousChampion.name, () => {
  it('should pick the newest earlier version the gate made champion', () => {
    const versions = [
      version('1', 'champion'),
      version('2', 'challenger'),
      version('3', 'champion'),
      version('4', 'challenger'),
      version('5', 'champion'),
    ];

    expect(previousChampion(versions, '5')).toBe('3');
  });

  it('should skip versions rolled back and compare numbers, not text', () => {
    const versions = [version('9', 'champion'), version('10', ROLLED_BACK), version('11', 'champion')];

    expect(previousChampion(versions, '11')).toBe('9');
  });

  it('should answer null when no earlier version was champion', () => {
    expect(previousChampion([version('1', 'challenger'), version('2', 'champion')], '2')).toBeNull();
  });
});

describe(ChampionRollback.name, () => {
  let registry: FakeRegistry;
  let published: ModelEventMessage[];
  let rows: { runId: string; patch: TrainingRunPatch }[];
  let sut: ChampionRollback;
  const at = new Date('2026-12-06T20:00:00Z');

  beforeAll(() => Logger.overrideLogger(false));

  const rollbackWith = (
    championLock?: ChampionLock,
    events = { publish: async (event: ModelEventMessage) => void published.push(event) },
  ) =>
    new ChampionRollback({
      registry,
      runs: {
        updateByMlflowRun: async (runId, patch) => {
          rows.push({ runId, patch });
          return undefined;
        },
      },
      events,
      modelName: 'm',
      championLock,
      lockWaitMs: 250,
      now: () => at,
    });

  beforeEach(() => {
    registry = new FakeRegistry().add(
      version('1', 'champion'),
      version('2', 'challenger'),
      version('3', 'champion'),
    );
    registry.champion = '3';
    published = [];
    rows = [];
    sut = rollbackWith();
  });

  it('should move the alias back to the previous champion and say so', async () => {
    const outcome = await sut.rollback({ reason: 'v3 overshoots' });

    expect(outcome).toEqual({
      success: true,
      message: 'm champion rolled back from version 3 to 1: v3 overshoots',
      model_version: '1',
      previous_version: '3',
    });
    expect(registry.champion).toBe('1');
  });

  it('should record the decision and reason on the version, its run and its training_runs row', async () => {
    await sut.rollback({ reason: 'v3 overshoots' });

    expect(registry.tag('3', ModelTag.Decision)).toBe(ROLLED_BACK);
    expect(registry.tag('3', RollbackTag.Reason)).toBe('v3 overshoots');
    expect(registry.tag('3', RollbackTag.RolledBackTo)).toBe('1');
    expect(registry.tag('1', RollbackTag.RestoredFrom)).toBe('3');
    expect(registry.runTags.get('run-3')).toMatchObject({
      [ModelTag.Decision]: ROLLED_BACK,
      [RollbackTag.Reason]: 'v3 overshoots',
      [RollbackTag.RolledBackAt]: at.toISOString(),
    });
    expect(rows).toEqual([
      {
        runId: 'run-3',
        patch: { decision: ROLLED_BACK, reason: `rolled back to v1 at ${at.toISOString()}: v3 overshoots` },
      },
    ]);
  });

  it('should announce the restored version as a champion_rolled_back event', async () => {
    await sut.rollback({ reason: 'v3 overshoots' });

    expect(published).toEqual([
      {
        type: 'champion_rolled_back',
        model_name: 'm',
        version: '1',
        alias: 'champion',
        run_id: 'run-1',
        metrics: { rmse: 0.5, mae: 1.5, qlike: 2.5, r2: 3.5 },
        previous_version: '3',
        reason: 'v3 overshoots',
        timestamp: at.getTime(),
      },
    ]);
  });

  it('should go further back on a second rollback, past the version rolled back', async () => {
    registry.add(version('4', 'champion'));
    registry.champion = '4';

    await sut.rollback();
    await sut.rollback();

    expect(registry.champion).toBe('1');
    expect(published.map((e) => [e.previous_version, e.version])).toEqual([
      ['4', '3'],
      ['3', '1'],
    ]);
  });

  it('should roll to the version asked for, even one the gate did not promote', async () => {
    const outcome = await sut.rollback({ version: '2', reason: '' });

    expect(outcome.model_version).toBe('2');
    expect(registry.tag('2', ModelTag.Decision)).toBe('champion');
    expect(registry.tag('3', RollbackTag.Reason)).toBe('no reason given');
  });

  it.each([
    ['there is no champion', { champion: undefined }, {}, 'ROLLBACK_REFUSED', /has no champion/],
    [
      'no earlier champion exists',
      { champion: '1' },
      {},
      'ROLLBACK_REFUSED',
      /no earlier version was champion/,
    ],
    [
      'the version is the champion',
      { champion: '3' },
      { version: '3' },
      'ROLLBACK_REFUSED',
      /champion already/,
    ],
    ['the version does not exist', { champion: '3' }, { version: '7' }, 'NOT_FOUND', /has no version 7/],
    ['the version is not a number', { champion: '3' }, { version: 'v1' }, 'INVALID_REQUEST', /^version: /],
    [
      'the reason is too long',
      { champion: '3' },
      { reason: 'x'.repeat(501) },
      'INVALID_REQUEST',
      /^reason: /,
    ],
  ])('should refuse when %s and change nothing', async (_what, state, request, code, message) => {
    registry.champion = state.champion;

    const error = await sut.rollback(request).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TrainingError);
    expect(error).toMatchObject({ code, message: expect.stringMatching(message) });
    expect(registry.champion).toBe(state.champion);
    expect(published).toEqual([]);
    expect(rows).toEqual([]);
  });

  it('should answer REGISTRY_UNAVAILABLE when MLflow does not answer', async () => {
    registry.getVersionByAlias = () =>
      Promise.reject(new MlflowError('UNAVAILABLE', 0, 'MLflow at http://x did not answer'));

    await expect(sut.rollback()).rejects.toMatchObject({
      code: 'REGISTRY_UNAVAILABLE',
      message: expect.stringMatching(/^the model registry is unavailable: MLflow at http:\/\/x/),
    });
  });

  it('should read the champion, move the alias and announce it all while holding the champion lock', async () => {
    const seen: string[] = [];
    let holding = false;
    const lock: ChampionLock = {
      hold: async (modelName, who, change, options) => {
        seen.push(`hold ${modelName} by ${who}, waiting ${options?.waitMs} ms`);
        holding = true;
        try {
          return await change();
        } finally {
          holding = false;
        }
      },
    };
    const read = registry.getVersionByAlias.bind(registry);
    registry.getVersionByAlias = async () => {
      seen.push(`champion read ${holding ? 'holding' : 'NOT holding'} the lock`);
      return read();
    };
    const sut = rollbackWith(lock, {
      publish: async () => void seen.push(`event ${holding ? 'holding' : 'NOT holding'} the lock`),
    });

    await sut.rollback({ reason: 'v3 overshoots' });

    expect(seen).toEqual([
      'hold m by rollback (v3 overshoots), waiting 250 ms',
      'champion read holding the lock',
      'event holding the lock',
    ]);
  });

  it('should answer CHAMPION_BUSY naming the holder when a promotion holds the champion too long', async () => {
    const busy: ChampionLock = {
      hold: async (modelName, _who, _change, options) => {
        throw new ChampionBusyError(modelName, 'promotion of v4 (flow f1)', options?.waitMs ?? 0);
      },
    };

    const error = await rollbackWith(busy)
      .rollback()
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TrainingError);
    expect(error).toMatchObject({
      code: 'CHAMPION_BUSY',
      message:
        'the champion of m is being changed by promotion of v4 (flow f1) (waited 250 ms): try the rollback again',
    });
    expect(registry.champion).toBe('3');
    expect(published).toEqual([]);
  });

  it('should answer CHAMPION_LOCK_UNAVAILABLE, changing nothing, when Redis does not answer', async () => {
    const away: ChampionLock = {
      hold: async (modelName) => {
        throw new ChampionLockUnavailableError(modelName, { cause: new Error('connect ECONNREFUSED') });
      },
    };

    await expect(rollbackWith(away).rollback()).rejects.toMatchObject({
      code: 'CHAMPION_LOCK_UNAVAILABLE',
      message: 'the champion lock of m is unavailable (Redis: connect ECONNREFUSED)',
    });
    expect(registry.champion).toBe('3');
    expect(published).toEqual([]);
  });
});
