/** Jest runs the TypeScript sources as ESM through @swc/jest (ts-jest does not support TypeScript 7). */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } }],
  },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testTimeout: 30000,
  // dist/ (the scan worker, bin/) built from the sources under test when it is older than them
  globalSetup: '<rootDir>/scripts/jest-global-setup.mjs',
};
