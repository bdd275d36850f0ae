// Shared jest settings: SWC transpiles TypeScript (with decorator metadata for Nest), and
// `@crypto/<lib>` resolves to the lib's sources so tests never need a prior build.
const path = require('node:path');

// ccxt's CommonJS build requires @noble/* and @scure/* packages that ship only ES modules; jest's module
// loader cannot require ESM on Node 20, so SWC compiles those few files to CommonJS. Same for content-disposition 3
// (ESM only), which @fastify/static 10 requires (Node 20.19+ itself loads it with require(esm); jest does not), and
// quick-lru (ESM only), which mercurius loads with import(): compiled, that import() becomes a require.
const ESM_ONLY = '(@noble|@scure|content-disposition|mercurius|quick-lru)';

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
    [`node_modules/.+/${ESM_ONLY}/.+\\.js$`]: ['@swc/jest', { module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(\\.pnpm/[^/]+/node_modules/)?${ESM_ONLY}/)`],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@crypto/(.*)$': path.join(__dirname, 'libs/$1/src/index.ts'),
  },
};
