export * from './action-catalog.js';
export * from './agent-metrics.js';
export * from './agent-contract.js';
export * from './platform-contract.js';
export * from './kubernetes-names.js';
