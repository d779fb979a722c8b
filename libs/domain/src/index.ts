// Public API of @luodi/domain. The testing/ helpers are deliberately not exported.
export * from './assert-never';
export * from './business-date';
export * from './code-units';
export * from './commands';
export * from './commitments';
export * from './credit-code';
export * from './decide';
export * from './decide-context';
export * from './errors';
export * from './events';
export * from './evolve';
export * from './money';
export * from './project-state';
export * from './stage';
export * from './upcast';
export * from './vocabulary';
export * from './supervision';
