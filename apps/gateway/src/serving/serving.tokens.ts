/** the gateway's `pg.Pool` on `DATABASE_URL` */
export const PG_POOL = Symbol('PG_POOL');
/** the ccxt clients (`ExchangeAccess`): the exchanges, or the in-process emulator in offline mode */
export const EXCHANGE_ACCESS = Symbol('EXCHANGE_ACCESS');
