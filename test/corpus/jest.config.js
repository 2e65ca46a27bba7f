// Jest config of the corpus run (`npm run test:corpus`): runs `inspect --json` on every WSDL of the shared corpus,
// then `generate` + `tsc --strict` on the ms-* and famous groups (see corpus.test.ts, generation.ts).
// Kept apart from the main jest config (package.json), which ignores test/corpus/.
const path = require('path');

/** @type {import('jest').Config} */
module.exports = {
  rootDir: path.resolve(__dirname, '../..'),
  testEnvironment: 'node',
  roots: ['<rootDir>/test/corpus'],
  testMatch: ['<rootDir>/test/corpus/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/corpus/report/'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'test/tsconfig.json' }],
  },
  // The whole corpus (~380 WSDLs, 2 at a time, 60 s each at worst) runs in one beforeAll.
  testTimeout: 60 * 60 * 1000,
};
