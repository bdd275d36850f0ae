// TF.js training of the small test models takes seconds on a busy 2-core machine.
module.exports = { ...require('../../jest.preset.js'), displayName: 'model', testTimeout: 60_000 };
