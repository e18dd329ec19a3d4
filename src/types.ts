// The shared vocabulary of every stage, one module a concept under src/types/; this module
// re-exports them all, so that a stage imports `../types.js` and types import nothing else.

export * from './types/vocabulary.js';
export * from './types/source.js';
export * from './types/finding.js';
export * from './types/report.js';
export * from './types/pack.js';
export * from './types/ruleset.js';
export * from './types/config.js';
export * from './types/usage-error.js';
