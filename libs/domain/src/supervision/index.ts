export * from './vocabulary';
export * from './settings';
export * from './item';
export * from './conditions';
export * from './plan';
export * from './steps';
