const path = require('node:path');

/** Interop tests against real peers (Debian packages and npm): npm run test:interop. */
module.exports = {
  rootDir: path.resolve(__dirname, '../..'),
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/interop/**/*.test.ts'],
  moduleNameMapper: { '^@wsdl2ts/runtime$': '<rootDir>/packages/runtime/src/index.ts' },
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'test/tsconfig.json' }] },
  testTimeout: 120_000,
};
