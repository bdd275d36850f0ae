module.exports = { ...require('../../jest.preset.js'), displayName: 'stream-consumer' };
