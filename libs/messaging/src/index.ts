export * from './kafka';
export * from './queues';
export * from './topics';
export * from './redis-client';
