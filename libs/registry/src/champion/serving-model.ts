import { Logger } from '@nestjs/common';
import type { VolatilityModel } from '@crypto/model';
import { ModelAlias } from '../model-registry.constants';
import type { ChampionModelLoader, LoadedModel, ModelInfo, ModelRef } from './champion-model.loader';
import { ModelLoadError } from './model-load.error';

/** A loaded model with the requests currently using it: disposed once retired and no longer used. */
interface Slot extends LoadedModel {
  leases: number;
  retired: boolean;
  disposed: boolean;
}

/** A model handed to one request: call `release()` when done (or use {@link ServingModel.use}). */
export interface ModelLease extends LoadedModel {
  release(): void;
}

export interface ReloadResult {
  /** false when the alias still names the version already served */
  changed: boolean;
  info: ModelInfo;
  previous_version: string | null;
}

/**
 * The model a serving process answers with, framework-free (STYLE §9). `reload()` loads the version the
 * alias names now and swaps only once it is ready; a failed load leaves the current model serving.
 * Requests in flight keep the model they started with (a lease); a replaced model is disposed when its
 * last lease ends. Reloads run one at a time, in call order.
 */
export class ServingModel {
  private readonly logger = new Logger(ServingModel.name);
  private slot: Slot | undefined;
  private reloads: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly loader: Pick<ChampionModelLoader, 'resolve' | 'loadVersion' | 'modelName'>,
    private readonly ref: ModelRef = { alias: ModelAlias.Champion },
  ) {}

  /** Info of the model served now; undefined while none is loaded. */
  get info(): ModelInfo | undefined {
    return this.slot?.info;
  }

  get loaded(): boolean {
    return this.slot !== undefined;
  }

  /** The current model for one request; undefined when none is loaded. Release it when done. */
  acquire(): ModelLease | undefined {
    const slot = this.slot;
    if (!slot) return undefined;
    slot.leases++;
    let released = false;
    return {
      model: slot.model,
      info: slot.info,
      release: () => {
        if (released) return;
        released = true;
        slot.leases--;
        this.disposeIfIdle(slot);
      },
    };
  }

  /** Runs `work` with the current model, which stays alive until `work` settles; NO_MODEL when none. */
  async use<T>(work: (model: VolatilityModel, info: ModelInfo) => T | Promise<T>): Promise<T> {
    const lease = this.acquire();
    if (!lease) throw new ModelLoadError('NO_MODEL', `no ${this.loader.modelName} model is loaded`);
    try {
      return await work(lease.model, lease.info);
    } finally {
      lease.release();
    }
  }

  /**
   * Loads what the alias names now and serves it. Throws (a {@link ModelLoadError}) when it cannot be
   * loaded; the model served before stays. `force` reloads even when the version is unchanged.
   */
  reload({ force = false }: { force?: boolean } = {}): Promise<ReloadResult> {
    const next = this.reloads.then(() => this.reloadNow(force));
    this.reloads = next.catch(() => undefined);
    return next;
  }

  /** Stops serving: the current model is disposed once its requests end. */
  close(): void {
    this.closed = true;
    const slot = this.slot;
    this.slot = undefined;
    if (slot) this.retire(slot);
  }

  private async reloadNow(force: boolean): Promise<ReloadResult> {
    if (this.closed) throw new ModelLoadError('NO_MODEL', 'the serving model is closed');
    const current = this.slot;
    const version = await this.loader.resolve(this.ref);
    if (!force && current && current.info.model_version === version.version) {
      return { changed: false, info: current.info, previous_version: current.info.model_version };
    }
    const loaded = await this.loader.loadVersion(version, 'alias' in this.ref ? this.ref.alias : null);
    if (this.closed) {
      loaded.model.dispose();
      throw new ModelLoadError('NO_MODEL', 'the serving model was closed while loading');
    }
    this.slot = { ...loaded, leases: 0, retired: false, disposed: false };
    if (current) this.retire(current);
    this.logger.log(
      `Serving ${loaded.info.model_name} version ${loaded.info.model_version}` +
        (current ? ` (was version ${current.info.model_version})` : ''),
    );
    return { changed: true, info: loaded.info, previous_version: current?.info.model_version ?? null };
  }

  private retire(slot: Slot): void {
    slot.retired = true;
    this.disposeIfIdle(slot);
  }

  private disposeIfIdle(slot: Slot): void {
    if (!slot.retired || slot.leases > 0 || slot.disposed) return;
    slot.disposed = true;
    slot.model.dispose();
  }
}
