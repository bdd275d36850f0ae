export * from './kafka';
export * from './queues';
export * from './topics';
