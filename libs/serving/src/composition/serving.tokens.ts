/** the `pg.Pool` of the serving composition, on `DATABASE_URL` */
export const PG_POOL = Symbol('PG_POOL');
/** the ccxt clients (`ExchangeAccess`): the exchanges, or the in-process emulator in offline mode */
export const EXCHANGE_ACCESS = Symbol('EXCHANGE_ACCESS');
/** the champion served (a `ChampionModelSource`): the ML use cases, health and metrics read it */
export const CHAMPION_MODEL = Symbol('CHAMPION_MODEL');
/** the `ServingSettings` the module was built with */
export const SERVING_SETTINGS = Symbol('SERVING_SETTINGS');
