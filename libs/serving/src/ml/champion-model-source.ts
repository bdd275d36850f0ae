import type { ServingModel } from '@crypto/registry';

export type { LoadedModel, ModelInfo, ModelLease } from '@crypto/registry';

/**
 * Port to the model being served (the champion), as the registry's {@link ServingModel} offers it:
 * `info` of the model served, `acquire()` a lease that keeps the model alive for one request (released
 * when done), and optionally `reload()`. Read on every request: cheap, never throwing.
 */
export type ChampionModelSource = Pick<ServingModel, 'info' | 'acquire'> &
  Partial<Pick<ServingModel, 'reload'>>;

/** The source used while no registry is wired: never a model, no reload. */
export const NO_MODEL_SOURCE: ChampionModelSource = { info: undefined, acquire: () => undefined };
