export * from './common';
export * from './connection-id';
export * from './auth';
export * from './clients';
export * from './jobs';
export * from './pipeline';
export * from './stats';
export * from './events';
