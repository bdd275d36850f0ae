export * from './kafka';
export * from './queues';
export * from './topics';
export * from './redis-client';
export * from './price-feed/latest-price-feed';
export * from './price-feed/price-messages';
