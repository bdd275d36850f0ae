// Tests read the 43,779-candle BTC file and start the CLI as a process: seconds each on a busy 2-core machine.
module.exports = { ...require('../../jest.preset.js'), displayName: 'cli', testTimeout: 30_000 };
