// Property tests and the whole BTC file take seconds on a busy 2-core machine.
module.exports = { ...require('../../jest.preset.js'), displayName: 'features', testTimeout: 30_000 };
