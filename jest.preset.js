// Shared jest settings: SWC transpiles TypeScript (with decorator metadata for Nest), and
// `@crypto/<lib>` resolves to the lib's sources so tests never need a prior build.
const path = require('node:path');

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@crypto/(.*)$': path.join(__dirname, 'libs/$1/src/index.ts'),
  },
};
